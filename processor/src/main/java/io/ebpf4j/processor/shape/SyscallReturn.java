package io.ebpf4j.processor.shape;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.JavaNames;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Kretprobe("openat")}: a system call's return value. A kretprobe reads it from the
 * return register; where kprobes are not allowed, the {@code sys_exit_} tracepoint reads its
 * {@code ret}.
 */
public record SyscallReturn() implements SyscallShape {

  @Override
  public String annotation() {
    return "@Kretprobe";
  }

  @Override
  public String recordName(String target) {
    return JavaNames.eventTypeName(target, "ReturnEvent");
  }

  @Override
  public Optional<EventType> eventType(SyscallCatalog catalog, String packageName, String target)
      throws InvalidProbeException {
    Optional<TracepointFormat> exit = catalog.exitFormat(target);
    if (exit.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EventTypeFactory.syscallReturn(packageName, target, exit.get()));
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(AttachPoint.syscallReturn(probe.kretprobeFunction(), probe.target()));
  }

  @Override
  public List<AttachPoint> fallback(ProbeMethod probe) {
    return List.of(
        AttachPoint.tracepoint(probe.exitTracepointFunction(), probe.exitTracepoint()));
  }

  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    c.blank();
    TracepointStructs.writeExit(c, probe);
    c.blank();
    ProbeFunctions.emit(c, probe);
    c.blank();
    ProbeFunctions.returnProbe(
        c, probe.kretprobeFunction(), probe.emitFunction(), probe.hasStacks());
    c.blank();
    ProbeFunctions.exitTracepoint(c, probe, probe.emitFunction(), probe.hasStacks());
  }

  @Override
  public String timestampMoment() {
    return "return";
  }
}
