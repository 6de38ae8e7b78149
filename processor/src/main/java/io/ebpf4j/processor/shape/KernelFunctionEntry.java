package io.ebpf4j.processor.shape;

import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventType;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Kprobe(function = "tcp_v4_connect")}: a kernel function's entry, as a {@code
 * KernelCall<A>} whose {@code A} the handler declares; a kprobe reads its argument registers.
 */
public record KernelFunctionEntry() implements ProbeShape {

  @Override
  public String annotation() {
    return "@Kprobe";
  }

  @Override
  public String origin(String target) {
    return annotation() + "(function = " + ProbeShape.quoted(target) + ")";
  }

  @Override
  public String recordName(String target) {
    return KernelCall.class.getSimpleName();
  }

  @Override
  public String expectedParameter(String handlerPackage, String target) {
    return Messages.KERNEL_CALL_PARAMETER;
  }

  @Override
  public Optional<EventType> event(Parameter parameter, String target) {
    return parameter.kernelCall(target);
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(AttachPoint.kprobe(probe.kprobeFunction(), probe.target()));
  }

  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    c.blank();
    ProbeFunctions.emit(c, probe);
    c.blank();
    ProbeFunctions.functionProbe(
        c, probe.kprobeFunction(), probe.emitFunction(), ProbeFunctions.arguments(probe).size());
  }
}
