package io.ebpf4j.processor.shape;

import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProgramConventions.Counter;
import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventMember.From;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.JavaNames;
import java.util.List;
import java.util.Optional;

/**
 * {@code @Kretprobe(value = "openat", withEntry = true)}: a system call's entry and return as one
 * event, with its latency. The entry fills a per-CPU scratch slot (it may be larger than the
 * 512-byte stack) and copies it into a hash keyed by thread; the return looks it up, writes the
 * event and deletes it. A full hash counts the call as dropped, as a full ring buffer does.
 */
public record SyscallCall() implements SyscallShape {

  @Override
  public String annotation() {
    return "@Kretprobe";
  }

  @Override
  public String origin(String target) {
    return annotation() + "(value = " + ProbeShape.quoted(target) + ", withEntry = true)";
  }

  @Override
  public String recordName(String target) {
    return JavaNames.eventTypeName(target, "CallEvent");
  }

  @Override
  public Optional<EventType> eventType(SyscallCatalog catalog, String packageName, String target)
      throws InvalidProbeException {
    Optional<TracepointFormat> enter = catalog.enterFormat(target);
    Optional<TracepointFormat> exit = catalog.exitFormat(target);
    if (enter.isEmpty() || exit.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(EventTypeFactory.syscallCall(packageName, target, enter.get(), exit.get()));
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(
        AttachPoint.syscallEntry(probe.kprobeFunction(), probe.target()),
        AttachPoint.syscallReturn(probe.kretprobeFunction(), probe.target()));
  }

  @Override
  public List<AttachPoint> fallback(ProbeMethod probe) {
    return List.of(
        AttachPoint.tracepoint(probe.tracepointFunction(), probe.enterTracepoint()),
        AttachPoint.tracepoint(probe.exitTracepointFunction(), probe.exitTracepoint()));
  }

  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    List<EventMember> arguments = ProbeFunctions.arguments(probe);
    c.blank();
    writeEntryStruct(c, probe, arguments);
    c.line("BPF_PERCPU_ARRAY($I, struct $I, 1);", probe.scratchMap(), probe.entryStruct());
    // LRU: the entries of calls that never return (exit, a thread killed in the call) make room
    // for new ones instead of filling the map; the runtime counts those evictions.
    c.line("BPF_TABLE($S, u64, struct $I, $I, $L);", "lru_hash", probe.entryStruct(),
        probe.callsMap(), Kretprobe.MAX_CALLS_IN_FLIGHT);
    c.blank();
    List<String> slots = TracepointStructs.writeSlots(c, probe);
    c.blank();
    TracepointStructs.writeExit(c, probe);
    c.blank();
    writeStash(c, probe, arguments);
    c.blank();
    ProbeFunctions.syscallKprobe(
        c, probe.kprobeFunction(), probe.stashFunction(), arguments.size());
    c.blank();
    ProbeFunctions.slotTracepoint(
        c, probe.tracepointFunction(), probe.tracepointStruct(), probe.stashFunction(), slots);
    c.blank();
    writeComplete(c, probe);
    c.blank();
    ProbeFunctions.returnProbe(
        c, probe.kretprobeFunction(), probe.completeFunction(), probe.hasStacks());
    c.blank();
    ProbeFunctions.exitTracepoint(c, probe, probe.completeFunction(), probe.hasStacks());
  }

  /** What the entry keeps: the header's values that the return cannot take, and the arguments. */
  private static void writeEntryStruct(CWriter c, ProbeMethod probe, List<EventMember> arguments) {
    int stringSize = probe.layout().stringSize();
    c.line("/* The entry of $C, kept until its return. */", probe.description());
    c.open("struct $I {", probe.entryStruct());
    CFragments.declareStashedHeader(c);
    for (EventMember member : arguments) {
      CFragments.declare(c, member.cName(), member.type(), stringSize);
    }
    c.close("};");
  }

  private static void writeStash(CWriter c, ProbeMethod probe, List<EventMember> arguments) {
    ProbeFunctions.openFunction(c, "static __always_inline int $I", probe.stashFunction(),
        ProbeFunctions.argumentNames(arguments.size()));
    c.line("u64 pid_tgid = bpf_get_current_pid_tgid();");
    CFragments.filter(c);
    c.line("u32 zero = 0;");
    c.line("struct $I *entry = $I.lookup(&zero);", probe.entryStruct(), probe.scratchMap());
    c.open("if (!entry) {");
    c.line("return 0;");
    c.close("}");
    CFragments.stashHeader(c, "entry");
    for (EventMember member : arguments) {
      ProbeFunctions.fillFromValue(c, "entry", member);
    }
    if (!filterAtReturn(probe)) {
      // Decided at entry: a call the filter drops takes no room in the calls map.
      FilterC.predicate(c, probe, FilterValues.stashed("entry", null), null);
    }
    c.open("if ($I.lookup(&pid_tgid)) {", probe.callsMap());
    CFragments.count(c, Counter.CALL_REPLACED);
    c.close("}");
    c.open("if ($I.update(&pid_tgid, entry) != 0) {", probe.callsMap());
    CFragments.count(c, Counter.CALL_NOT_STORED);
    c.line("return 0;");
    c.close("}");
    CFragments.count(c, Counter.CALL_STORED);
    c.line("return 0;");
    c.close("}");
  }

  private static void writeComplete(CWriter c, ProbeMethod probe) {
    ProbeFunctions.openFunction(c, "static __always_inline int $I", probe.completeFunction(),
        List.of(EventTypeFactory.RETURN_VALUE), probe.hasStacks());
    c.line("u64 pid_tgid = bpf_get_current_pid_tgid();");
    c.line("struct $I *entry = $I.lookup(&pid_tgid);", probe.entryStruct(), probe.callsMap());
    c.open("if (!entry) {");
    c.line("return 0;");
    c.close("}");
    CFragments.count(c, Counter.CALL_COMPLETED);
    String latency = null;
    if (filterAtReturn(probe)) {
      if (probe.filter().get().fields().stream()
          .anyMatch(f -> f.member() != null && f.member().source().from() == From.LATENCY)) {
        // Measured once, so that the event carries the latency the filter saw.
        latency = LATENCY_LOCAL;
        c.line("u64 $I = bpf_ktime_get_ns() - entry->$I;", latency,
            HeaderField.TIMESTAMP.cName());
      }
      FilterC.predicate(c, probe, FilterValues.stashed("entry", latency), probe.callsMap());
    }
    CFragments.reserve(c, probe, probe.callsMap());
    CFragments.fillHeader(c, probe, CFragments.stashedIn("entry"));
    for (EventMember member : probe.event().members()) {
      switch (member.source().from()) {
        case VALUE -> c.line("event->$I = entry->$I;", member.cName(), member.cName());
        case USER_STRING ->
            c.line(
                "bpf_probe_read_kernel(event->$I, sizeof(event->$I), entry->$I);",
                member.cName(), member.cName(), member.cName());
        case RETURN_VALUE ->
            c.line("event->$I = ($I) $I;", member.cName(), member.type().cType(),
                EventTypeFactory.RETURN_VALUE);
        case LATENCY -> {
          if (latency != null) {
            c.line("event->$I = $I;", member.cName(), latency);
          } else {
            c.line("event->$I = bpf_ktime_get_ns() - entry->$I;", member.cName(),
                HeaderField.TIMESTAMP.cName());
          }
        }
        default -> throw new IllegalStateException(member.toString());
      }
    }
    c.line("$I.delete(&pid_tgid);", probe.callsMap());
    CFragments.submit(c, probe);
    c.line("return 0;");
    c.close("}");
  }

  /** The entry holds every string a filter compares, at entry and at return. */
  @Override
  public FilterValues filterValues() {
    return FilterValues.stashed("entry", null);
  }

  /** The latency a filter at return compares, and the event then carries. */
  private static final String LATENCY_LOCAL = CNames.GENERATED_PREFIX + "latency";

  /**
   * Whether the probe's filter names the return value or the latency, and so is evaluated at the
   * return; a filter on the entry's values alone is evaluated at the entry.
   */
  private static boolean filterAtReturn(ProbeMethod probe) {
    return probe.filter().isPresent()
        && probe.filter().get().fields().stream()
            .anyMatch(f -> f.member() != null
                && (f.member().source().from() == From.RETURN_VALUE
                    || f.member().source().from() == From.LATENCY));
  }

  @Override
  public String timestampMoment() {
    return "entry";
  }
}
