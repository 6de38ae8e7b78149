package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The native passthrough: the user's own C, attached by function name, read back through trace_pipe. */
@RequiresKernel
class BpfModuleKernelTest {
  private static final long PID = ProcessHandle.current().pid();

  private static final String HELLO =
      """
      int hello(void *ctx) {
        if ((bpf_get_current_pid_tgid() >> 32) != TARGET_PID) {
          return 0;
        }
        bpf_trace_printk("ebpf4j says hello from %d\\n", TARGET_PID);
        return 0;
      }
      """;

  @Test
  void messageArrivesThroughTracePipe() {
    List<String> before = NativeSupport.bpfDescriptors();
    try (TracePipe pipe = TracePipe.open();
        BpfModule module = BpfModule.compile(HELLO, "-DTARGET_PID=" + PID)) {
      Attachment attachment = module.attachTracepoint("hello", "syscalls:sys_enter_getsid");
      assertEquals(AttachKind.TRACEPOINT, attachment.kind());

      Optional<TraceEvent> event = Optional.empty();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (event.isEmpty() && System.nanoTime() < deadline) {
        NativeSupport.getsid();
        event =
            pipe.next(Duration.ofMillis(200))
                .filter(e -> e.message().equals("ebpf4j says hello from " + PID));
      }
      assertTrue(event.isPresent(), "no hello on trace_pipe within 10 s");
      assertEquals(NativeSupport.gettid(), event.get().pid(), "trace_pipe shows the calling thread's id");
    }
    assertEquals(before, NativeSupport.bpfDescriptors(), "BPF descriptors left after close");
  }

  @Test
  void uprobeOnALibcFunctionFires() {
    String source =
        """
        #include <uapi/linux/ptrace.h>
        int on_getsid(struct pt_regs *ctx) {
          if ((bpf_get_current_pid_tgid() >> 32) != TARGET_PID) {
            return 0;
          }
          bpf_trace_printk("ebpf4j uprobe getsid(%d)\\n", (int) PT_REGS_PARM1(ctx));
          return 0;
        }
        """;
    try (TracePipe pipe = TracePipe.open();
        BpfModule module = BpfModule.compile(source, "-DTARGET_PID=" + PID)) {
      Attachment attachment = module.attachUprobe("on_getsid", "c", "getsid", (int) PID);
      assertEquals(AttachKind.UPROBE, attachment.kind());
      assertTrue(attachment.target().endsWith(":getsid"), attachment.target());
      Optional<TraceEvent> event = Optional.empty();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (event.isEmpty() && System.nanoTime() < deadline) {
        NativeSupport.getsid();
        event =
            pipe.next(Duration.ofMillis(200))
                .filter(e -> e.message().equals("ebpf4j uprobe getsid(0)"));
      }
      assertTrue(event.isPresent(), "no uprobe hit on libc's getsid within 10 s");
    }
  }

  @Test
  void unknownUprobeSymbolIsNamed() {
    try (BpfModule module = BpfModule.compile(HELLO, "-DTARGET_PID=" + PID)) {
      Ebpf4jException e =
          assertThrows(
              Ebpf4jException.class, () -> module.attachUprobe("hello", "c", "no_such_symbol_x", -1));
      assertTrue(e.getMessage().contains("no_such_symbol_x"), e.getMessage());
    }
  }

  @Test
  void compileErrorCarriesClangDiagnostics() {
    BpfCompileException e =
        assertThrows(
            BpfCompileException.class,
            () -> BpfModule.compile("int broken(void *ctx) { return undeclared_thing; }"));
    assertTrue(e.diagnostics().contains("undeclared_thing"), e.getMessage());
  }

  @Test
  void verifierRejectionCarriesTheLog() {
    // Reads through an unchecked pointer: the verifier refuses the program.
    String source = "int bad(void *ctx) { return *(volatile int *)0x1234; }";
    try (BpfModule module = BpfModule.compile(source)) {
      BpfLoadException e =
          assertThrows(
              BpfLoadException.class,
              () -> module.attachTracepoint("bad", "syscalls:sys_enter_getsid"));
      assertEquals("bad", e.functionName());
      assertTrue(!e.verifierLog().isBlank(), e.getMessage());
    }
  }

  @Test
  void unknownTracepointIsNamed() {
    try (BpfModule module = BpfModule.compile(HELLO, "-DTARGET_PID=" + PID)) {
      Ebpf4jException e =
          assertThrows(
              Ebpf4jException.class, () -> module.attachTracepoint("hello", "syscalls:sys_enter_bnid"));
      assertTrue(e.getMessage().contains("syscalls:sys_enter_bnid"), e.getMessage());
    }
  }

  @Test
  void unknownFunctionListsTheOnesThatExist() {
    try (BpfModule module = BpfModule.compile(HELLO, "-DTARGET_PID=" + PID)) {
      Ebpf4jException e =
          assertThrows(
              Ebpf4jException.class, () -> module.attachTracepoint("helo", "syscalls:sys_enter_getsid"));
      assertTrue(e.getMessage().contains("hello"), e.getMessage());
    }
  }
}
