package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Kprobes and kretprobes through the native passthrough, attached by kernel function name. On a
 * kernel with kprobes (the VM lane) they must fire; on one without (this CI machine's 6.18) each
 * attach must fail with the error that names CONFIG_KPROBES.
 */
@RequiresKernel
class KprobePassthroughKernelTest {
  private static final long PID = ProcessHandle.current().pid();

  private static final String PROGRAM =
      """
      #include <uapi/linux/ptrace.h>
      static __always_inline int mine(void) {
        return (bpf_get_current_pid_tgid() >> 32) == TARGET_PID;
      }
      int on_getsid_entry(struct pt_regs *ctx) {
        if (mine()) {
          bpf_trace_printk("ebpf4j kprobe entry\\n");
        }
        return 0;
      }
      int on_getsid_return(struct pt_regs *ctx) {
        if (mine()) {
          bpf_trace_printk("ebpf4j kretprobe rc=%ld\\n", (long) PT_REGS_RC(ctx));
        }
        return 0;
      }
      int on_openat2(struct pt_regs *ctx) {
        if (mine()) {
          bpf_trace_printk("ebpf4j kprobe do_sys_openat2\\n");
        }
        return 0;
      }
      """;

  @Test
  void kprobeOnASyscallFunctionByName() {
    String function = Kernel.syscallFunction("getsid").orElse("__x64_sys_getsid");
    try (TracePipe pipe = TracePipe.open();
        BpfModule module = BpfModule.compile(PROGRAM, "-DTARGET_PID=" + PID)) {
      if (!KprobeExpectation.expected()) {
        assertNoKprobesError(() -> module.attachKprobe("on_getsid_entry", function));
        return;
      }
      Attachment a = module.attachKprobe("on_getsid_entry", function);
      assertEquals(new Attachment("on_getsid_entry", AttachKind.KPROBE, function), a);
      assertArrives(pipe, NativeSupport::getsid, m -> m.equals("ebpf4j kprobe entry"));
    }
  }

  @Test
  void kretprobeSeesTheReturnValue() {
    String function = Kernel.syscallFunction("getsid").orElse("__x64_sys_getsid");
    try (TracePipe pipe = TracePipe.open();
        BpfModule module = BpfModule.compile(PROGRAM, "-DTARGET_PID=" + PID)) {
      if (!KprobeExpectation.expected()) {
        assertNoKprobesError(() -> module.attachKretprobe("on_getsid_return", function));
        return;
      }
      Attachment a = module.attachKretprobe("on_getsid_return", function);
      assertEquals(new Attachment("on_getsid_return", AttachKind.KRETPROBE, function), a);
      int sid = NativeSupport.getsid();
      assertArrives(pipe, NativeSupport::getsid, m -> m.equals("ebpf4j kretprobe rc=" + sid));
    }
  }

  @Test
  void kprobeOnAKernelFunctionThatIsNotASyscall() throws IOException {
    Path file = Files.createTempFile("ebpf4j", ".txt");
    try (TracePipe pipe = TracePipe.open();
        BpfModule module = BpfModule.compile(PROGRAM, "-DTARGET_PID=" + PID)) {
      if (!KprobeExpectation.expected()) {
        assertNoKprobesError(() -> module.attachKprobe("on_openat2", "do_sys_openat2"));
        return;
      }
      Attachment a = module.attachKprobe("on_openat2", "do_sys_openat2");
      assertEquals(new Attachment("on_openat2", AttachKind.KPROBE, "do_sys_openat2"), a);
      assertArrives(
          pipe,
          () -> {
            try {
              Files.readAllBytes(file);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          },
          m -> m.equals("ebpf4j kprobe do_sys_openat2"));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void assertNoKprobesError(Runnable attach) {
    Ebpf4jException e = assertThrows(Ebpf4jException.class, attach::run);
    // The message names the fix, in words a user can act on.
    assertTrue(
        e.getMessage()
            .endsWith(
                "Attach to a tracepoint instead, or run a kernel built with CONFIG_KPROBES=y."),
        e.getMessage());
  }

  private static void assertArrives(TracePipe pipe, Runnable trigger, Predicate<String> message) {
    Optional<TraceEvent> event = Optional.empty();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (event.isEmpty() && System.nanoTime() < deadline) {
      trigger.run();
      event = pipe.next(Duration.ofMillis(300)).filter(e -> message.test(e.message()));
    }
    assertTrue(event.isPresent(), "the probe's message did not arrive within 20 s");
  }
}
