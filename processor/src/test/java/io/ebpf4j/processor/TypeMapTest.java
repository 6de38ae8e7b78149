package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.processor.format.ArgumentType;
import io.ebpf4j.processor.format.ArgumentTypes;
import io.ebpf4j.processor.format.FormatField;
import io.ebpf4j.processor.format.SnapshotArchive;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.FieldTypes;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.shape.EventTypeFactory;
import io.ebpf4j.processor.shape.ProbeShape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The type map ({@link ArgumentTypes}, {@link FieldTypes}) against every field of every format of
 * the snapshot: every spelling is known, the table's widths agree with the formats' sizes, and no
 * field is carried at a width other than its own.
 */
class TypeMapTest {

  private final SnapshotArchive snapshot = SnapshotArchive.bundled();

  private List<TracepointFormat> formats() throws Exception {
    List<TracepointFormat> formats = new ArrayList<>();
    for (String key : snapshot.entries().keySet()) {
      String[] parts = key.split("/");
      formats.add(snapshot.read(parts[0], parts[1]).orElseThrow());
    }
    return formats;
  }

  @Test
  void everySpellingOfEveryFormatIsKnown() throws Exception {
    SortedSet<String> unknown = new TreeSet<>();
    SortedSet<String> spellings = new TreeSet<>();
    for (TracepointFormat format : formats()) {
      for (FormatField field : format.fields()) {
        if (FieldTypes.forField(field).isEmpty()) {
          continue; // left out as a whole, element type and all (ipi's cpumask_t)
        }
        String type = FieldTypes.elementType(field);
        spellings.add(type);
        if (ArgumentTypes.forDeclaredType(type).isEmpty()) {
          unknown.add(type + " (" + format.relativePath() + " " + field.name() + ")");
        }
      }
    }
    assertEquals(new TreeSet<>(), unknown);
    assertThat(spellings.size()).isAtLeast(60);
  }

  /** Outside the syscall slots, the table's width is the format's size, or the field is odd. */
  @Test
  void tableWidthsAgreeWithTheFormats() throws Exception {
    SortedSet<String> disagreements = new TreeSet<>();
    for (TracepointFormat format : formats()) {
      if (format.category().equals(SyscallCatalog.CATEGORY)) {
        continue;
      }
      for (FormatField field : format.fields()) {
        if (FieldTypes.isDataLoc(field) || field.size() == 0) {
          continue;
        }
        String type = FieldTypes.elementType(field);
        ArgumentType known = ArgumentTypes.forDeclaredType(type).orElseThrow();
        int count = field.isArray() ? field.arrayLength() : 1;
        if (known.kind().size() * count != field.size() && !ArgumentTypes.isEnum(type)) {
          disagreements.add(field.declaration() + " size " + field.size());
        }
      }
    }
    assertEquals(new TreeSet<>(), disagreements);
  }

  /** Every carried field has exactly its format size; only the documented kinds are left out. */
  @Test
  void everyTracepointFieldKeepsItsWidth() throws Exception {
    Map<String, Integer> omitted = new HashMap<>();
    int carried = 0;
    int fields = 0;
    for (TracepointFormat format : formats()) {
      fields +=
          (int)
              format.fields().stream()
                  .filter(f -> !f.name().startsWith(TracepointFormat.COMMON_FIELD_PREFIX))
                  .count();
      EventType event = EventTypeFactory.tracepoint("p", format);
      for (EventMember member : event.members()) {
        FormatField field = member.source().field();
        MemberType type = member.type();
        switch (member.source().from()) {
          case FIELD ->
              assertEquals(
                  format.category().equals(SyscallCatalog.CATEGORY) && field.size() == 8
                      ? ArgumentTypes.forDeclaredType(field.type()).orElseThrow().kind().size()
                      : field.size(),
                  type.size(0),
                  format.relativePath() + " " + field.name());
          case FIELD_BYTES ->
              assertEquals(field.size(), type.size(0), format.relativePath() + " " + field.name());
          case FIELD_DATA_LOC_STRING, FIELD_USER_STRING ->
              assertEquals(MemberType.probeString(), type);
          default -> throw new AssertionError(member);
        }
        carried++;
      }
      for (String reason : event.omitted()) {
        omitted.merge(reason.substring(reason.indexOf("}: ") + 3), 1, Integer::sum);
      }
    }
    assertEquals(fields - 21, carried);
    // 11 of dma, 4 of ras, ipi_send_cpumask, and 5 unsized arrays of ftrace.
    assertEquals(21, omitted.values().stream().mapToInt(Integer::intValue).sum(), omitted.toString());
    assertThat(omitted.keySet())
        .containsExactly(
            "a __data_loc array of u64, whose length is only known per event",
            "a __data_loc array of unsigned int, whose length is only known per event",
            "a __data_loc array of u8, whose length is only known per event",
            "a __data_loc array of cpumask_t, whose length is only known per event",
            "an unsized array");
  }

  @Test
  void everyTracepointHasItsOwnRecordName() throws Exception {
    Map<String, String> names = new HashMap<>();
    for (TracepointFormat format : formats()) {
      String name = ProbeShape.TRACEPOINT.recordName(EventType.tracepoint(format));
      String other = names.put(name, EventType.tracepoint(format));
      assertEquals(null, other, name);
    }
    assertEquals(2323, names.size());
  }

  @Test
  void fieldTypes() {
    assertEquals(MemberType.probeString(), type("__data_loc char[] filename", 4, false));
    assertEquals(MemberType.fixedString(16), type("char comm[16]", 16, false));
    assertEquals(MemberType.array(ValueKind.BYTE, true, 4), type("__u8 saddr[4]", 4, false));
    assertEquals(
        MemberType.array(ValueKind.LONG, true, 4), type("unsigned long caller[4]", 32, false));
    assertEquals(MemberType.scalar(ValueKind.BYTE, true), type("enum xfs_group_type type", 1, false));
    assertEquals(MemberType.scalar(ValueKind.INT, true), type("dev_t dev", 4, false));
    assertEquals(MemberType.scalar(ValueKind.BOOLEAN, false), type("bool ok", 1, false));
    assertEquals(MemberType.scalar(ValueKind.LONG, true), type("void __seg_gs * ptr", 8, false));
    // Unknown types take the format's size and signed flag, never a guessed width.
    assertEquals(MemberType.scalar(ValueKind.SHORT, false), type("frob_t f", 2, true));
    assertEquals(MemberType.array(ValueKind.BYTE, true, 3), type("frob_t f", 3, false));
  }

  private static MemberType type(String declaration, int size, boolean signed) {
    int space = declaration.lastIndexOf(' ');
    String name = declaration.substring(space + 1);
    String type = declaration.substring(0, space);
    int length = -1;
    if (name.contains("[")) {
      length = Integer.parseInt(name.substring(name.indexOf('[') + 1, name.indexOf(']')));
      name = name.substring(0, name.indexOf('['));
    }
    return FieldTypes.forField(
            new FormatField(declaration, type, name, length, 8, size, signed, 1))
        .orElseThrow();
  }
}
