package io.ebpf4j.processor.shape;

import io.ebpf4j.api.UprobeEvent;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventType;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Uprobe}: a user-space function's entry, as an {@code UprobeEvent}; a uprobe reads its six
 * argument registers.
 */
public record UserFunctionEntry() implements ProbeShape {

  @Override
  public String annotation() {
    return "@Uprobe";
  }

  @Override
  public String origin(String target) {
    return annotation() + "(symbol = " + ProbeShape.quoted(target) + ")";
  }

  @Override
  public String recordName(String target) {
    return UprobeEvent.class.getSimpleName();
  }

  @Override
  public String expectedParameter(String handlerPackage, String target) {
    return UprobeEvent.class.getCanonicalName();
  }

  @Override
  public Optional<EventType> event(Parameter parameter, String target) {
    return parameter.api(EventTypeFactory.uprobe(target));
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(AttachPoint.uprobe(probe.uprobeFunction(), probe.binary(), probe.target(), probe.pid()));
  }

  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    c.blank();
    ProbeFunctions.emit(c, probe);
    c.blank();
    ProbeFunctions.functionProbe(
        c, probe.uprobeFunction(), probe.emitFunction(), ProbeFunctions.arguments(probe).size(),
        probe.hasStacks());
  }
}
