package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampling on the real kernel: counts in the kernel, filters, the events this machine has, and
 * the busy function of a workload on top of its profile, by name, as bcc's {@code profile} sees
 * it too.
 */
@RequiresKernel
class ProfilerKernelTest {
  @TempDir Path dir;

  @Test
  void countsOnlyTheProcessAskedForWithItsStacks() throws Exception {
    Path binary = Workloads.compileNative(dir);
    try (Workloads.Running spin = Workloads.startNative(binary, 30);
        Profiler profiler = Profiler.start(99, spin.pid())) {
      assertEquals(AttachKind.PERF_EVENT, profiler.attachments().get(0).kind());
      Thread.sleep(2_000);
      Profile profile = profiler.profile();
      // 99 Hz for 2 s on a process that is runnable all along, on a machine shared with others:
      // far fewer than 198, but some.
      assertTrue(profile.samples() >= 20, profile.toString());
      assertTrue(profile.stacks().stream().allMatch(s -> s.pid() == spin.pid()), profile.folded());
      assertTrue(
          profile.stacks().stream().allMatch(s -> s.comm().equals("native_spin")), profile.folded());
      ProfiledStack top = profile.stacks().get(0);
      assertFalse(top.userAddresses().isEmpty(), "a user stack walked by frame pointers: " + top);
      assertEquals(
          profile.samples(),
          profile.stacks().stream().mapToLong(ProfiledStack::samples).sum());

      profiler.clear();
      assertEquals(0, profiler.profile().stacks().stream().filter(s -> s.samples() > 10).count());
    }
  }

  @Test
  void aHardwareEventIsSampledWhereThereIsAPmuAndElseNamesTheSoftwareClock() {
    // The kernel lists a CPU PMU here when the machine has one: a VM without a virtual PMU has none.
    boolean pmu = Files.isDirectory(Path.of("/sys/bus/event_source/devices/cpu"));
    if (pmu) {
      try (Profiler profiler = Profiler.sampling(SampleEvent.CYCLES).hz(49).start()) {
        assertEquals("cycles@49", profiler.attachments().get(0).target());
      }
    } else {
      Ebpf4jException e =
          assertThrows(
              Ebpf4jException.class, () -> Profiler.sampling(SampleEvent.CYCLES).hz(49).start());
      assertTrue(
          e.getMessage().contains("this machine has no hardware event cycles"), e.getMessage());
      assertTrue(e.getMessage().contains("SampleEvent.CPU_CLOCK"), e.getMessage());
    }
  }
}
