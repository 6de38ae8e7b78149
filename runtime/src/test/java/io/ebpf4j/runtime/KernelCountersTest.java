package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.api.internal.ProgramConventions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The calls in flight, counted by walking the calls maps of {@link FakeLibbcc}; no root. */
class KernelCountersTest {
  private static final String CALLS = ProgramConventions.CALLS_MAP_PREFIX + "0";

  @TempDir Path tracefs;

  private final List<String> calls = new ArrayList<>();
  private final FakeLibbcc bcc =
      new FakeLibbcc(Set.of(), Set.of(ProgramConventions.COUNTERS_MAP, CALLS), calls);

  private BpfModule module() {
    Platform platform =
        new Platform(new FakeKernel(true, Set.of(), tracefs), new RecordingLibc(calls), () -> bcc);
    return BpfModule.compile("the test's program", "", List.of(), platform);
  }

  @Test
  void callsInFlightAreTheCallsMapsEntries() {
    try (BpfModule module = module(); Arena arena = Arena.ofConfined()) {
      int fd = module.tableFd(CALLS);
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
      for (int tid : new int[] {7, 8, 9}) {
        key.set(ValueLayout.JAVA_INT, 0, tid);
        bcc.update(fd, key, value, 0, "cannot put a call");
      }
      assertEquals(3, new KernelCounters(module).callsInFlight());
    }
  }

  @Test
  void aWalkTheKernelRefusesEndsTheCountInsteadOfThrowing() {
    try (BpfModule module = module(); Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      bcc.update(module.tableFd(CALLS), key, arena.allocate(ValueLayout.JAVA_LONG), 0, "no");
      bcc.walkErrno = FakeLibbcc.EINVAL;
      assertEquals(0, new KernelCounters(module).callsInFlight());
    }
  }
}
