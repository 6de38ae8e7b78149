package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every way a start can fail gives back every BPF map, program and perf event it made: a
 * long-running application that retries a bad configuration must not run out of descriptors or
 * pin kernel memory.
 */
@RequiresKernel
class FailedStartLeakKernelTest {

  /** One probe whose C does not compile. */
  private static final HandWrittenProgram DOES_NOT_COMPILE =
      new HandWrittenProgram(
          "io/ebpf4j/runtime/does-not-compile.bpf.c",
          List.of(HandWrittenProgram.tracepointProbe(0, "first", "syscalls:sys_enter_getsid")));

  @Test
  void failedStartsLeaveNoDescriptors() {
    List<String> before = NativeSupport.bpfDescriptors();
    for (int i = 0; i < 3; i++) {
      HandWrittenProgram broken = DOES_NOT_COMPILE;
      BpfCompileException compile =
          assertThrows(
              BpfCompileException.class,
              () -> ProbeSession.start(broken, broken, ProbeOptions.defaults()));
      assertTrue(compile.diagnostics().contains("no_such_variable"), compile.getMessage());

      HandWrittenProgram half = StartFailureKernelTest.HALF_ATTACHABLE;
      // 4 GiB does not fit the ring buffer's 32-bit size: refused before anything is made.
      IllegalArgumentException size =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  ProbeSession.start(
                      half, half, ProbeOptions.defaults().withRingBufferPages(1 << 20)));
      assertTrue(size.getMessage().contains("at most"), size.getMessage());

      Ebpf4jException attach =
          assertThrows(
              Ebpf4jException.class, () -> ProbeSession.start(half, half, ProbeOptions.defaults()));
      assertTrue(attach.getMessage().contains("sys_enter_nosuchcall"), attach.getMessage());
    }
    assertEquals(before, NativeSupport.bpfDescriptors(), "descriptors left by failed starts");
  }

  @Test
  void mapThatTheKernelRefusesLeavesNoDescriptors() {
    List<String> before = NativeSupport.bpfDescriptors();
    // bcc creates the maps one by one and, when one fails, forgets those it already made. The
    // kernel refuses a ring buffer whose size is not a power of two.
    assertThrows(
        BpfCompileException.class,
        () ->
            BpfModule.compile(
                """
                BPF_RINGBUF_OUTPUT(refused_map, 3);
                BPF_ARRAY(first_map, u64, 1);
                BPF_ARRAY(second_map, u64, 1);
                int f(void *ctx) { return 0; }
                """));
    assertEquals(before, NativeSupport.bpfDescriptors(), "descriptors left by a failed compile");
  }
}
