package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.Frame;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.runtime.stacks.GetppidEvent;
import io.ebpf4j.runtime.stacks.StackProbes;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Stacks on probes: a generated record's {@code kernelStack()} and {@code userStack()}, for a
 * system call probe and a tracepoint, resolved in the handler; and lost stacks counted.
 */
@RequiresKernel
class StacksKernelTest {
  private static final long PID = ProcessHandle.current().pid();
  private static final int CALLS = 20;

  @Test
  void aSystemCallsStacksNameTheKernelEntryAndTheLibcWrapper() {
    StackProbes probes = new StackProbes();
    SessionStats stats;
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(PID))) {
      for (int i = 0; i < CALLS; i++) {
        NativeSupport.getppid();
      }
      session.close();
      stats = session.stats();
    }
    assertEquals(CALLS, probes.getppid.size(), "one event per call");
    StackProbes.Seen seen = probes.getppid.get(0);
    assertTrue(seen.kernelId() >= 0, "kernel stack id " + seen.kernelId());
    assertTrue(seen.kernel().present());
    assertTrue(seen.kernel().frames().stream().allMatch(f -> f.kind() == Frame.Kind.KERNEL));
    // At a sys_enter tracepoint the function is not called yet; at a kprobe it is innermost.
    assertTrue(
        seen.kernel().contains("do_syscall_64") || seen.kernel().contains("__x64_sys_getppid"),
        "the system call's entry is on the kernel stack:\n" + seen.kernel());

    StackTrace user = seen.user();
    assertTrue(user.present(), user.reason());
    Frame innermost = user.frames().get(0);
    assertEquals(Frame.Kind.NATIVE, innermost.kind(), "" + user);
    assertTrue(
        innermost.name().contains("getppid") || innermost.name().contains("syscall"),
        "libc's wrapper makes the call:\n" + user);
    assertTrue(innermost.module().contains("libc"), "" + user);
    boolean preserves =
        ManagementFactory.getRuntimeMXBean().getInputArguments()
            .contains("-XX:+PreserveFramePointer");
    assertEquals(!preserves, user.partial(), "this JVM's frame pointers decide: " + user.reason());

    assertEquals(0, stats.stacksLost(), "a big map, no lost stacks");
    assertEquals(seen.kernelId(), probes.events.get(0).stacks().kernelStackId());
  }

  @Test
  void aTracepointsKernelStackNamesTheForkPath() throws Exception {
    StackProbes probes = new StackProbes();
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(PID))) {
      new ProcessBuilder("true").start().waitFor();
      session.close();
    }
    assertFalse(probes.forks.isEmpty(), "no fork seen");
    StackTrace fork = probes.forks.get(0);
    assertTrue(fork.contains("kernel_clone"), "" + fork);
  }

  @Test
  void stacksThatDoNotFitTheMapAreCountedAndSayWhy() {
    StackProbes probes = new StackProbes();
    SessionStats stats;
    // One entry: the kernel and user stacks of a call hash to the same bucket, and the second
    // is refused with -EEXIST (no BPF_F_REUSE_STACKID).
    try (ProbeSession session =
        ProbeRuntime.start(
            probes, ProbeOptions.defaults().withOnlyProcess(PID).withStackMapSize(1))) {
      for (int i = 0; i < CALLS; i++) {
        NativeSupport.getppid();
      }
      session.close();
      stats = session.stats();
    }
    long negative =
        probes.getppid.stream()
            .mapToLong(s -> (s.kernelId() < 0 ? 1 : 0) + (s.userId() < 0 ? 1 : 0))
            .sum();
    assertTrue(negative > 0, "a one-stack map refuses some: " + probes.getppid);
    assertEquals(negative, stats.stacksLost());
    StackProbes.Seen lost =
        probes.getppid.stream().filter(s -> s.userId() < 0 || s.kernelId() < 0).findFirst()
            .orElseThrow();
    StackTrace none = lost.userId() < 0 ? lost.user() : lost.kernel();
    assertFalse(none.present());
    assertTrue(none.reason().contains("collision") || none.reason().contains("full"),
        none.reason());
  }

  @Test
  void aStackResolvedAfterTheSessionClosedSaysSo() {
    StackProbes probes = new StackProbes() {};
    java.util.List<GetppidEvent> kept = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(PID))) {
      NativeSupport.getppid();
      session.close();
    }
    GetppidEvent event = probes.events.get(0);
    // The handler resolved the stacks; a fresh view of the same ids after close cannot.
    EventStacks again =
        new EventStacks(
            io.ebpf4j.api.internal.StackSource.NONE, event.pid(),
            event.stacks().kernelStackId(), event.stacks().userStackId());
    assertFalse(again.kernel().present());
    assertTrue(event.kernelStack().present(), "cached in the record's stacks");
    assertTrue(kept.isEmpty());
  }
}
