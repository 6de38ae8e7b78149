package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A start that fails half-way gives back everything it took. */
@RequiresKernel
class StartFailureKernelTest {

  /** Two probes, the second on a tracepoint that does not exist: the start fails at attach. */
  static final HandWrittenProgram HALF_ATTACHABLE =
      new HandWrittenProgram(
          "io/ebpf4j/runtime/half-attachable.bpf.c",
          List.of(
              HandWrittenProgram.tracepointProbe(0, "first", "syscalls:sys_enter_getsid"),
              HandWrittenProgram.tracepointProbe(1, "second", "syscalls:sys_enter_nosuchcall")));

  @Test
  void failedStartReleasesWhatItTook() {
    List<String> before = NativeSupport.bpfDescriptors();
    HandWrittenProgram program = HALF_ATTACHABLE;
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class,
            () -> ProbeSession.start(program, program, ProbeOptions.defaults()));
    assertTrue(e.getMessage().contains("syscalls:sys_enter_nosuchcall"), e.getMessage());
    assertEquals(before, NativeSupport.bpfDescriptors(), "fds left by a failed start");
  }
}
