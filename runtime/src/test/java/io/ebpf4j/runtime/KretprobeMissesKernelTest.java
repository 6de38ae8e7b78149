package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kretprobe follows at most {@code maxactive} calls at once; the calls it misses must be
 * counted, not silently gone. Needs kprobes: in the VM lane it counts real misses; on a kernel
 * without them (this CI machine's 6.18) the attach must name CONFIG_KPROBES.
 */
@RequiresKernel
class KretprobeMissesKernelTest {
  private static final String PROGRAM =
      """
      #include <uapi/linux/ptrace.h>
      int on_return(struct pt_regs *ctx) {
        return 0;
      }
      """;

  /**
   * The JDK reaps each child process in a thread of its own, blocked in waitpid (wait4) until
   * the child exits: three children are three wait4 calls in flight at once, for a kretprobe that
   * can follow one.
   */
  @Test
  void callsBeyondMaxActiveAreCountedAsMissed() throws Exception {
    String wait4 = Kernel.syscallFunction("wait4").orElse("__x64_sys_wait4");
    try (BpfModule module = BpfModule.compile(PROGRAM)) {
      if (!KprobeExpectation.expected()) {
        Ebpf4jException e =
            assertThrows(Ebpf4jException.class, () -> module.attachKretprobe("on_return", wait4, 1));
        assertTrue(e.getMessage().contains("CONFIG_KPROBES"), e.getMessage());
        return;
      }
      assertEquals(
          new Attachment("on_return", AttachKind.KRETPROBE, wait4),
          module.attachKretprobe("on_return", wait4, 1));
      List<Process> children = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        children.add(new ProcessBuilder("sleep", "3").start());
      }
      for (Process child : children) {
        child.waitFor();
      }
      long misses = module.kretprobeMisses();
      System.out.printf("[measured] wait4 kretprobe with maxactive 1, 3 calls at once: %d missed%n", misses);
      assertTrue(misses >= 2, "at least the two calls beyond the one followed: " + misses);

      module.detachAll();
      assertEquals(misses, module.kretprobeMisses(), "the count outlives the detach");
    }
  }

  @Test
  void aKretprobeEventLeftByAKilledProcessIsRemoved() throws Exception {
    if (!KprobeExpectation.expected()) {
      assertFalse(
          Files.exists(Kernel.tracefs().resolve("kprobe_events")),
          "a kernel without kprobes has no kprobe_events, so nothing can be left there");
      return;
    }
    String wait4 = Kernel.syscallFunction("wait4").orElse("__x64_sys_wait4");
    // As bcc would have named it for a process that no longer runs (pids stay below pid_max).
    // By lines: a whole-file read of a sysctl may return its first byte only.
    long gone =
        Long.parseLong(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip()) + 1;
    String stale = "ebpf4j_r__" + gone + "_1_bcc_" + gone;
    Files.writeString(
        Kernel.tracefs().resolve("kprobe_events"),
        "r8:kprobes/" + stale + " " + wait4,
        StandardOpenOption.APPEND);
    assertTrue(Files.readString(Kernel.tracefs().resolve("kprobe_events")).contains(stale));

    KretprobeEvents.removeStale(Kernel.tracefs());

    assertFalse(Files.readString(Kernel.tracefs().resolve("kprobe_events")).contains(stale));
  }
}
