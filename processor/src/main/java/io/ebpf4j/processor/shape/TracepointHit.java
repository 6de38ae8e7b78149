package io.ebpf4j.processor.shape;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.FormatField;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventMember.From;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.JavaNames;
import io.ebpf4j.processor.shape.TracepointStructs.RecordMember;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Tracepoint("sched:sched_process_exec")}: a tracepoint's hit, with the fields of its
 * record. One program reads them through a struct laid out as the format says.
 */
public record TracepointHit() implements RecordShape {

  @Override
  public String annotation() {
    return "@Tracepoint";
  }

  @Override
  public String origin(String target) {
    return annotation() + "(" + ProbeShape.quoted(target) + ")";
  }

  /** The event's name, without its category: {@code SchedProcessExecEvent}. */
  @Override
  public String recordName(String target) {
    return JavaNames.eventTypeName(target.substring(target.indexOf(':') + 1));
  }

  @Override
  public Optional<EventType> eventType(SyscallCatalog catalog, String packageName, String target)
      throws InvalidProbeException {
    int colon = target.indexOf(':');
    Optional<TracepointFormat> format =
        catalog.format(target.substring(0, colon), target.substring(colon + 1));
    if (format.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EventTypeFactory.tracepoint(packageName, format.get()));
  }

  @Override
  public String unknownTarget(SyscallCatalog catalog, String target) {
    return Messages.unknownTracepoint(target, catalog.suggestTracepoint(target));
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(AttachPoint.tracepoint(probe.tracepointFunction(), probe.target()));
  }

  @Override
  public boolean readsRegisters() {
    return false;
  }

  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    c.blank();
    TracepointStructs.write(
        c, probe.tracepointStruct(), probe.event().entryFormat().orElseThrow(),
        fieldMembers(probe));
    c.blank();
    c.open("int $I(struct $I *args) {", probe.tracepointFunction(), probe.tracepointStruct());
    CFragments.reserveWithHeader(c, probe);
    for (EventMember member : probe.event().members()) {
      String name = member.cName();
      switch (member.source().from()) {
        case FIELD -> c.line("event->$I = ($I) args->$I;", name, member.type().cType(), name);
        case FIELD_USER_STRING ->
            c.line(
                "bpf_probe_read_user_str(event->$I, sizeof(event->$I), (const void *) args->$I);",
                name, name, name);
        case FIELD_DATA_LOC_STRING ->
            // The low 16 bits are the string's offset in the record, the high 16 its length:
            // include/trace/stages/stage2_data_offsets.h.
            c.line(
                "bpf_probe_read_kernel_str(event->$I, sizeof(event->$I),"
                    + " (const char *) args + (args->$I & 0xffff));",
                name, name, name);
        case FIELD_BYTES ->
            c.line("bpf_probe_read_kernel(&event->$I, sizeof(event->$I), args->$I);",
                name, name, name);
        default -> throw new IllegalStateException(member.toString());
      }
    }
    CFragments.submit(c, probe, "args");
    c.line("return 0;");
    c.close("}");
  }

  /** The fields the probe reads, as its struct declares them, by offset. */
  private static List<RecordMember> fieldMembers(ProbeMethod probe) {
    List<RecordMember> fields = new ArrayList<>();
    for (EventMember member : probe.event().members()) {
      FormatField field = member.source().field();
      String type =
          switch (member.source().from()) {
            case FIELD -> member.type().kind() == ValueKind.BOOLEAN
                ? "u8"
                : (member.type().unsigned() ? "u" : "s") + field.size() * 8;
            case FIELD_USER_STRING -> "u64";
            case FIELD_DATA_LOC_STRING -> "u32";
            case FIELD_BYTES -> "u8";
            default -> throw new IllegalStateException(member.toString());
          };
      fields.add(new RecordMember(member.cName(), field, type,
          member.source().from() == From.FIELD_BYTES ? field.size() : -1));
    }
    fields.sort(Comparator.comparingInt(m -> m.field().offset()));
    return fields;
  }

  @Override
  public String timestampMoment() {
    return "the hit";
  }

  @Override
  public String headerSubject() {
    return "current";
  }

  @Override
  public String memberNoun() {
    return "A field";
  }

  @Override
  public String clashSuffix() {
    return JavaNames.FIELD_CLASH_SUFFIX;
  }

  /** A syscall tracepoint's pointers are the caller's; every other's are the kernel's. */
  @Override
  public boolean kernelPointers(EventType event) {
    return !event.entryFormat().orElseThrow().category().equals(SyscallCatalog.CATEGORY);
  }
}
