package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Frame;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.runtime.stacks.GetppidEvent;
import io.ebpf4j.runtime.stacks.SchedProcessForkEvent;
import io.ebpf4j.runtime.stacks.StackProbes;
import io.ebpf4j.runtime.stacks.UnresolvedForks;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Stacks on probes: a generated record's {@code kernelStack()} and {@code userStack()}, for a
 * system call probe and a tracepoint, resolved in the handler; and lost stacks counted.
 */
@RequiresKernel
class StacksKernelTest {
  private static final long PID = ProcessHandle.current().pid();
  private static final int CALLS = 20;

  /**
   * The handlers resolve stacks as they go, and the first resolution reads kallsyms, the JVM's
   * ELF symbols and its flags (a jcmd): seconds under emulation. Close waits for every event.
   */
  /**
   * Resolving this JVM's user stacks asks it for a perf map, which it writes to {@code /tmp}:
   * the test removes what it made.
   */
  @AfterAll
  static void removeOwnPerfMap() throws java.io.IOException {
    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("/tmp/perf-" + PID + ".map"));
  }

  private static ProbeOptions options() {
    return ProbeOptions.defaults()
        .withOnlyProcess(PID)
        .withCloseTimeout(java.time.Duration.ofMinutes(3));
  }

  @Test
  void aSystemCallsStacksNameTheKernelEntryAndTheLibcWrapper() {
    StackProbes probes = new StackProbes();
    SessionStats stats;
    try (ProbeSession session =
        ProbeRuntime.start(probes, options())) {
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
    assertTrue(seen.kernel().contains("do_syscall_64"), "the syscall entry:\n" + seen.kernel());
    if (KprobeExpectation.expected()) {
      // A kprobe on the system call's function: it is the innermost frame.
      assertTrue(
          seen.kernel().contains("__x64_sys_getppid") || seen.kernel().contains("__do_sys_getppid"),
          "the system call's function is on its kprobe's stack:\n" + seen.kernel());
    } else {
      // At the sys_enter tracepoint the function is not called yet: the entry's tracing is.
      assertFalse(seen.kernel().contains("__x64_sys_getppid"), "" + seen.kernel());
    }

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
        ProbeRuntime.start(probes, options())) {
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
            probes, options().withStackMapSize(1))) {
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
  void aStackResolvedAfterTheSessionClosedSaysSo() throws Exception {
    UnresolvedForks probes = new UnresolvedForks();
    try (ProbeSession session = ProbeRuntime.start(probes, options())) {
      new ProcessBuilder("true").start().waitFor();
      session.close();
    }
    assertFalse(probes.forks.isEmpty(), "no fork seen");
    SchedProcessForkEvent fork = probes.forks.get(0);
    assertTrue(fork.stacks().kernelStackId() >= 0, "" + fork.stacks());
    StackTrace late = fork.kernelStack();
    assertFalse(late.present());
    assertTrue(late.reason().contains("session was closed"), late.reason());
    assertFalse(fork.userStack().present());
    assertTrue(fork.userStack().reason().contains("add Stack.USER"), fork.userStack().reason());
  }
}
