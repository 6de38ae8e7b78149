package io.ebpf4j.processor.shape;

import io.ebpf4j.api.UretprobeEvent;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventType;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Uretprobe}: a user-space function's return, as an {@code UretprobeEvent}; a uretprobe
 * reads the return register.
 */
public record UserFunctionReturn() implements ProbeShape {

  @Override
  public String annotation() {
    return "@Uretprobe";
  }

  @Override
  public String origin(String target) {
    return annotation() + "(symbol = " + ProbeShape.quoted(target) + ")";
  }

  @Override
  public String recordName(String target) {
    return UretprobeEvent.class.getSimpleName();
  }

  @Override
  public String expectedParameter(String handlerPackage, String target) {
    return UretprobeEvent.class.getCanonicalName();
  }

  @Override
  public Optional<EventType> event(Parameter parameter, String target) {
    return parameter.api(EventTypeFactory.uretprobe(target));
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(AttachPoint.uretprobe(probe.uretprobeFunction(), probe.binary(), probe.target(), probe.pid()));
  }

  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    c.blank();
    ProbeFunctions.emit(c, probe);
    c.blank();
    ProbeFunctions.returnProbe(
        c, probe.uretprobeFunction(), probe.emitFunction(), probe.hasStacks());
  }
}
