package io.ebpf4j.processor.shape;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.processor.filter.ProbeFilter;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.api.Stack;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One probe method, validated: what it traces, its event, and the names of everything the C
 * declares for it.
 *
 * @param id the probe id: the method's index among the class's probes, in source order
 * @param methodName the handler method
 * @param description {@code com.example.NetProbes.onBind(BindEvent)}, for messages and comments
 * @param shape what it traces
 * @param target the system call, kernel function, {@code category:event} or symbol
 * @param binary for uprobes, the binary; empty otherwise
 * @param pid for uprobes, the process or -1; -1 otherwise
 * @param event the event the method takes
 * @param layout where the event's members sit, for this probe's {@code stringSize}
 * @param filter the condition its events must meet in the kernel, if it has one
 * @param aggregation the {@code @Aggregate} of the method, if it aggregates instead of streaming
 * @param stacks the call stacks each event captures into the stack map; empty for none. The
 *     event struct then ends in two stack-id slots, which {@code layout} includes
 */
public record ProbeMethod(
    int id,
    String methodName,
    String description,
    ProbeShape shape,
    String target,
    String binary,
    int pid,
    EventType event,
    EventLayout layout,
    Optional<ProbeFilter> filter,
    Optional<Aggregation> aggregation,
    Set<Stack> stacks) {

  /** The C members of the stack ids, after the event's members, in this order. */
  public static final List<String> STACK_ID_MEMBERS =
      List.of(CNames.GENERATED_PREFIX + "kernel_stack", CNames.GENERATED_PREFIX + "user_stack");

  public ProbeMethod {
    stacks = stacks.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(stacks));
  }

  /** A probe without stacks. */
  public ProbeMethod(
      int id,
      String methodName,
      String description,
      ProbeShape shape,
      String target,
      String binary,
      int pid,
      EventType event,
      EventLayout layout,
      Optional<ProbeFilter> filter,
      Optional<Aggregation> aggregation) {
    this(id, methodName, description, shape, target, binary, pid, event, layout, filter,
        aggregation, Set.of());
  }

  /** Whether its events capture stacks. */
  public boolean hasStacks() {
    return !stacks.isEmpty();
  }

  /** The offset of the kernel stack's id (then the user stack's, 4 bytes on) in the event. */
  public int stackIdsOffset() {
    if (!hasStacks()) {
      throw new IllegalStateException(description + " takes no stacks");
    }
    return layout.offsets().get(event.members().size());
  }

  /** Whether the probe aggregates in the kernel rather than streaming events. */
  public boolean aggregates() {
    return aggregation.isPresent();
  }

  /** The per-CPU hash of its aggregate. */
  String aggregateMap() {
    return ProgramConventions.AGGREGATE_MAP_PREFIX + id;
  }

  /** The C struct of the aggregate's key. */
  String keyStruct() {
    return name("key");
  }

  /** The C struct of the aggregate's value on one CPU. */
  String valueStruct() {
    return name("value");
  }

  /** A per-CPU slot in which an aggregating probe builds its event. */
  String aggregateEventMap() {
    return name("aggregate_event");
  }

  /** An array of one zero value, to insert a new key from: it may not fit the stack. */
  String aggregateZeroMap() {
    return name("aggregate_zero");
  }

  /** The C function that adds an event to the aggregate. */
  String aggregateFunction() {
    return name("add_to_aggregate");
  }

  /** The Java method that decodes this probe's aggregate keys. */
  public String decodeKeyMethod() {
    return "decodeKey" + id;
  }

  /** The attachments to use where the kernel allows them. */
  public List<AttachPoint> preferred() {
    return shape.preferred(this);
  }

  /** The attachments where {@link #preferred()} cannot be used: tracepoints, for system calls. */
  public List<AttachPoint> fallback() {
    return shape.fallback(this);
  }

  /** {@code syscalls:sys_enter_bind}, which the entry of a system call falls back to. */
  String enterTracepoint() {
    return EventType.tracepoint(event.entryFormat().orElseThrow());
  }

  /** {@code syscalls:sys_exit_bind}, which its return falls back to. */
  String exitTracepoint() {
    return EventType.tracepoint(event.exitFormat().orElseThrow());
  }

  private String name(String what) {
    return CNames.GENERATED_PREFIX + what + "_" + id;
  }

  String kprobeFunction() {
    return name("kprobe");
  }

  String kretprobeFunction() {
    return name("kretprobe");
  }

  String tracepointFunction() {
    return name("tracepoint");
  }

  String exitTracepointFunction() {
    return name("tracepoint_exit");
  }

  String uprobeFunction() {
    return name("uprobe");
  }

  String uretprobeFunction() {
    return name("uretprobe");
  }

  String eventStruct() {
    return name("event");
  }

  String tracepointStruct() {
    return name("tp");
  }

  String exitTracepointStruct() {
    return name("tp_exit");
  }

  String emitFunction() {
    return name("emit");
  }

  /** The struct a {@code withEntry} probe keeps from entry to return. */
  String entryStruct() {
    return name("entry");
  }

  /** The hash of calls in flight, by thread; the runtime finds it by its prefix. */
  String callsMap() {
    return ProgramConventions.CALLS_MAP_PREFIX + id;
  }

  /** A per-CPU slot to build the entry in: it may not fit the 512-byte BPF stack. */
  String scratchMap() {
    return name("scratch");
  }

  /** The struct of the strings the probe's filter reads, and its per-CPU map. */
  public String filterStringsStruct() {
    return name("filter_strings");
  }

  public String filterStringsMap() {
    return name("filter_scratch");
  }

  String stashFunction() {
    return name("stash");
  }

  String completeFunction() {
    return name("complete");
  }

  /** The Java method that decodes this probe's events. */
  public String decodeMethod() {
    return "decode" + id;
  }
}
