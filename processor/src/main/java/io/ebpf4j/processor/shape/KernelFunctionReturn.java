package io.ebpf4j.processor.shape;

import io.ebpf4j.api.KernelReturn;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventType;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Kretprobe(function = "tcp_v4_connect")}: a kernel function's return, as a {@code
 * KernelReturn}; a kretprobe reads the return register.
 */
public record KernelFunctionReturn() implements ProbeShape {

  @Override
  public String annotation() {
    return "@Kretprobe";
  }

  @Override
  public String origin(String target) {
    return annotation() + "(function = " + ProbeShape.quoted(target) + ")";
  }

  @Override
  public String recordName(String target) {
    return KernelReturn.class.getSimpleName();
  }

  @Override
  public String expectedParameter(String handlerPackage, String target) {
    return KernelReturn.class.getCanonicalName();
  }

  @Override
  public Optional<EventType> event(Parameter parameter, String target) {
    return parameter.api(EventTypeFactory.kernelReturn(target));
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(AttachPoint.kretprobe(probe.kretprobeFunction(), probe.target()));
  }

  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    c.blank();
    ProbeFunctions.emit(c, probe);
    c.blank();
    ProbeFunctions.returnProbe(c, probe.kretprobeFunction(), probe.emitFunction());
  }
}
