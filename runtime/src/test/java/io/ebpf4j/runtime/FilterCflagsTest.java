package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.api.internal.ProgramConventions.Filter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts filtered to different processes, users or cgroups compile with the same cflags, and so
 * share one entry of the program cache: the filters' values are not compiled in. No kernel, no
 * root: the fake module has no ring buffer, so each start stops after attaching.
 */
class FilterCflagsTest {
  private static final HandWrittenProgram GETSID =
      new HandWrittenProgram(
          "io/ebpf4j/runtime/half-attachable.bpf.c",
          List.of(
              new ProbeSpec(
                  0,
                  "onGetsid()",
                  List.of(AttachPoint.tracepoint("getsid_tp", "syscalls:sys_enter_getsid")),
                  List.of(),
                  44)));

  private static final CompileEnvironment MACHINE =
      new CompileEnvironment("6.1.0-test", "headers 1", "libbcc 0.26", "0-1");

  @TempDir Path tracefs;

  private final List<String> calls = new ArrayList<>();
  private FakeLibbcc bcc;

  /** What the start with {@code options} compiled: its cache key on {@link #MACHINE}. */
  private CacheKey compiled(ProbeOptions options) throws IOException {
    Files.createDirectories(tracefs.resolve("events/syscalls/sys_enter_getsid"));
    calls.clear();
    bcc =
        new FakeLibbcc(
            Set.of("getsid_tp"),
            Set.of(ProgramConventions.COUNTERS_MAP, ProgramConventions.FILTERS_MAP),
            calls);
    bcc.logUpdates = true;
    FakeLibbcc made = bcc;
    Platform platform =
        new Platform(new FakeKernel(false, Set.of(), tracefs), new RecordingLibc(calls), () -> made);
    assertThrows(
        Ebpf4jException.class, () -> ProbeSession.start(GETSID, GETSID, options, platform));
    return CacheKey.of(bcc.source, bcc.cflags, MACHINE);
  }

  private static ProbeOptions filtered(long pid, int uid, long cgroup) {
    return new ProbeOptions(
        ProbeOptions.DEFAULT_RING_BUFFER_PAGES, pid, Duration.ofSeconds(5), uid, cgroup);
  }

  @Test
  void anotherProcessUserOrCgroupHasTheSameKey() throws IOException {
    CacheKey first = compiled(filtered(1234, 1000, 77));
    assertEquals(first, compiled(filtered(5678, 1000, 77)), "another process");
    assertEquals(first, compiled(filtered(1234, 0, 77)), "another user");
    assertEquals(first, compiled(filtered(1234, 1000, 4026531835L)), "another cgroup");
  }

  @Test
  void whichFiltersAreOnStillChangesTheKey() throws IOException {
    CacheKey all = compiled(filtered(1234, 1000, 77));
    assertNotEquals(all, compiled(filtered(1234, -1, 77)), "no user filter");
    assertNotEquals(all, compiled(filtered(0, -1, 0)), "no filter");
  }

  @Test
  void theValuesAreWrittenBeforeTheFirstAttach() throws IOException {
    compiled(filtered(1234, 1000, 77));
    int map = bcc.tableFd(FakeLibbcc.MODULE, ProgramConventions.FILTERS_MAP);
    List<String> expected =
        List.of(
            "update " + map + " [" + Filter.TGID.ordinal() + "] = 1234",
            "update " + map + " [" + Filter.UID.ordinal() + "] = 1000",
            "update " + map + " [" + Filter.CGROUP.ordinal() + "] = 77");
    int firstAttach = calls.indexOf(calls.stream().filter(c -> c.startsWith("attach ")).findFirst()
        .orElseThrow(() -> new AssertionError("no attach: " + calls)));
    assertEquals(expected, calls.subList(0, firstAttach).stream()
        .filter(c -> c.startsWith("update ")).toList(), calls.toString());
  }

  @Test
  void anUnfilteredStartWritesNoFilter() throws IOException {
    compiled(filtered(0, -1, 0));
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("update ")), calls.toString());
    assertTrue(bcc.cflags.stream().noneMatch(f -> f.contains("_FILTER")), bcc.cflags.toString());
  }
}
