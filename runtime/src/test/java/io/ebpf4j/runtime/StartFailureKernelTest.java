package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.generated.Attach;
import io.ebpf4j.api.generated.EventDispatcher;
import io.ebpf4j.api.generated.ProbeProgram;
import io.ebpf4j.api.generated.ProbeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A start that fails half-way gives back everything it took. */
@RequiresKernel
class StartFailureKernelTest {

  /** Hand-written, as the processor would write it, around a probe that cannot attach. */
  static final class HalfAttachable implements ProbeProgram<HalfAttachable> {
    @Override
    public Class<HalfAttachable> handlerType() {
      return HalfAttachable.class;
    }

    @Override
    public String bpfSourceResource() {
      return "io/ebpf4j/runtime/half-attachable.bpf.c";
    }

    @Override
    public List<ProbeSpec> probes() {
      return List.of(
          new ProbeSpec(
              0,
              "first()",
              List.of(Attach.tracepoint("first", "syscalls:sys_enter_getsid")),
              List.of(),
              44),
          new ProbeSpec(
              1,
              "second()",
              List.of(Attach.tracepoint("second", "syscalls:sys_enter_nosuchcall")),
              List.of(),
              44));
    }

    @Override
    public EventDispatcher dispatcherFor(HalfAttachable handler) {
      return event -> {};
    }

    @Override
    public HalfAttachable newHandler() {
      return this;
    }
  }

  @Test
  void failedStartReleasesWhatItTook() {
    List<String> before = NativeSupport.bpfDescriptors();
    HalfAttachable program = new HalfAttachable();
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class,
            () -> ProbeSession.start(program, program, ProbeOptions.defaults()));
    assertTrue(e.getMessage().contains("syscalls:sys_enter_nosuchcall"), e.getMessage());
    assertEquals(before, NativeSupport.bpfDescriptors(), "fds left by a failed start");
  }
}
