package io.ebpf4j.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.processor.format.ArgumentTypes;
import io.ebpf4j.processor.format.FormatField;
import io.ebpf4j.processor.format.SnapshotArchive;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.shape.EventTypeFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  private final SnapshotArchive snapshot = SnapshotArchive.bundled();

  @Test
  void coversEveryTracepointOfTheMachine() {
    // find /sys/kernel/tracing/events -name format | wc -l on the machine that made it.
    assertEquals(2323, snapshot.entries().size());
    assertEquals(720, snapshot.events(SyscallCatalog.CATEGORY).size());
    assertTrue(snapshot.events(SyscallCatalog.CATEGORY).contains("sys_enter_bind"));
    assertTrue(snapshot.description().contains("Linux"), snapshot.description());
  }

  @Test
  void everyFormatParses() throws Exception {
    for (String key : snapshot.entries().keySet()) {
      String[] parts = key.split("/");
      TracepointFormat format = snapshot.read(parts[0], parts[1]).orElseThrow();
      assertTrue(format.fields().size() >= 4, key);
    }
  }

  /** Every C type of every syscall argument maps, and every syscall's event can be built. */
  @Test
  void everySyscallArgumentTypeMaps() throws Exception {
    SortedSet<String> unknown = new TreeSet<>();
    Map<String, String> recordNames = new HashMap<>();
    List<String> syscalls = new ArrayList<>();
    for (String event : snapshot.events(SyscallCatalog.CATEGORY)) {
      if (!event.startsWith(SyscallCatalog.ENTER_PREFIX)) {
        continue;
      }
      String syscall = event.substring(SyscallCatalog.ENTER_PREFIX.length());
      syscalls.add(syscall);
      TracepointFormat format = snapshot.read(SyscallCatalog.CATEGORY, event).orElseThrow();
      for (FormatField field : format.syscallArguments()) {
        if (ArgumentTypes.forDeclaredType(field.type()).isEmpty()) {
          unknown.add(field.type());
        }
        assertEquals(8, field.size(), event);
      }
      EventType type = EventTypeFactory.syscallEntry("p", syscall, format);
      String clash = recordNames.put(type.record().simpleName(), syscall);
      if (clash != null) {
        fail(syscall + " and " + clash + " have the same record name");
      }
    }
    assertEquals(new TreeSet<>(), unknown);
    assertEquals(360, syscalls.size());
  }

  @Test
  void readsTheContainer() throws Exception {
    String text = "# one\n# two\n%% a/b\nname: b\n\nx\n%% a/c\nname: c\n";
    SnapshotArchive archive =
        SnapshotArchive.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertEquals(Map.of("a/b", "name: b\n\nx\n", "a/c", "name: c\n"), archive.entries());
    assertEquals(new TreeSet<>(List.of("b", "c")), archive.events("a"));
    assertTrue(archive.description().contains("(one)"));
  }
}
