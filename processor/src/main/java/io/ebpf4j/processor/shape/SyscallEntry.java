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
 * {@code @Kprobe("bind")}: a system call's entry, with its arguments. A kprobe on the syscall
 * function reads them from the user's registers; where kprobes are not allowed, the {@code
 * sys_enter_} tracepoint reads them from its record. Both feed one emit function.
 */
public record SyscallEntry() implements SyscallShape {

  @Override
  public String annotation() {
    return "@Kprobe";
  }

  @Override
  public String recordName(String target) {
    return JavaNames.eventTypeName(target);
  }

  @Override
  public Optional<EventType> eventType(SyscallCatalog catalog, String packageName, String target)
      throws InvalidProbeException {
    Optional<TracepointFormat> format = catalog.enterFormat(target);
    if (format.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EventTypeFactory.syscallEntry(packageName, target, format.get()));
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(AttachPoint.syscallEntry(probe.kprobeFunction(), probe.target()));
  }

  @Override
  public List<AttachPoint> fallback(ProbeMethod probe) {
    return List.of(AttachPoint.tracepoint(probe.tracepointFunction(), probe.enterTracepoint()));
  }

  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    c.blank();
    List<String> slots = TracepointStructs.writeSlots(c, probe);
    c.blank();
    ProbeFunctions.emit(c, probe);
    c.blank();
    ProbeFunctions.syscallKprobe(
        c, probe.kprobeFunction(), probe.emitFunction(), ProbeFunctions.arguments(probe).size(),
        probe.hasStacks());
    c.blank();
    ProbeFunctions.slotTracepoint(
        c, probe.tracepointFunction(), probe.tracepointStruct(), probe.emitFunction(), slots,
        probe.hasStacks());
  }

  @Override
  public String timestampMoment() {
    return "entry";
  }
}
