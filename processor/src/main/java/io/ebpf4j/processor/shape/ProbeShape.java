package io.ebpf4j.processor.shape;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.processor.model.EventSource;
import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventType;
import java.util.List;
import java.util.Optional;

/**
 * What a probe annotation traces: one type per shape, each owning its annotation, the name and
 * type of its event, where it attaches and the C it needs. Callers never switch on the shape; a
 * new shape is a new class here and no arm anywhere else.
 */
public sealed interface ProbeShape extends EventSource
    permits RecordShape, KernelFunctionEntry, KernelFunctionReturn, UserFunctionEntry,
        UserFunctionReturn {

  /** {@code @Kprobe("bind")}: a system call's entry; kprobe, else {@code sys_enter_} tracepoint. */
  SyscallEntry SYSCALL_ENTRY = new SyscallEntry();

  /** {@code @Kretprobe("openat")}: its return; kretprobe, else {@code sys_exit_} tracepoint. */
  SyscallReturn SYSCALL_RETURN = new SyscallReturn();

  /** {@code @Kretprobe(value = "openat", withEntry = true)}: entry and return, one event. */
  SyscallCall SYSCALL_CALL = new SyscallCall();

  /** {@code @Tracepoint("sched:sched_process_exec")}. */
  TracepointHit TRACEPOINT = new TracepointHit();

  /** {@code @Kprobe(function = "tcp_v4_connect")}: a kernel function's entry. */
  KernelFunctionEntry KERNEL_ENTRY = new KernelFunctionEntry();

  /** {@code @Kretprobe(function = "tcp_v4_connect")}: its return. */
  KernelFunctionReturn KERNEL_RETURN = new KernelFunctionReturn();

  /** {@code @Uprobe}: a user-space function's entry. */
  UserFunctionEntry UPROBE = new UserFunctionEntry();

  /** {@code @Uretprobe}: its return. */
  UserFunctionReturn URETPROBE = new UserFunctionReturn();

  /** {@code @Usdt}: a USDT probe's hit, with {@code arg0...} as its SDT note types them. */
  UsdtHit USDT = new UsdtHit("@Usdt");

  /** {@code @Hotspot("gc__begin")}: a JVM probe's hit, named and typed as {@code hotspot.d} does. */
  UsdtHit HOTSPOT = new UsdtHit(UsdtHit.HOTSPOT);

  /** The simple name of the handler's parameter type: {@code BindEvent}, {@code KernelCall}. */
  String recordName(String target);

  /** The handler's parameter as a message names it; qualified, for a record of another package. */
  String expectedParameter(String handlerPackage, String target);

  /** Whether the processor generates the event record (rather than using one of the API's). */
  default boolean generatesRecord() {
    return false;
  }

  /**
   * The generated event of {@code target} in {@code packageName}, or empty if the formats have no
   * such target; only for shapes that {@linkplain #generatesRecord generate their record}.
   *
   * @throws InvalidProbeException if a format is malformed or cannot be carried
   */
  default Optional<EventType> eventType(SyscallCatalog catalog, String packageName, String target)
      throws InvalidProbeException {
    throw new IllegalArgumentException("no generated record for " + annotation());
  }

  /**
   * As {@link #eventType(SyscallCatalog, String, String)}, for a probe of {@code binary} (empty
   * but for uprobes and USDT probes); USDT probes look their notes up there.
   */
  default Optional<EventType> eventType(
      SyscallCatalog catalog, String packageName, String target, String binary)
      throws InvalidProbeException {
    return eventType(catalog, packageName, target);
  }

  /** As {@link #unknownTarget(SyscallCatalog, String)}, for a probe of {@code binary}. */
  default String unknownTarget(SyscallCatalog catalog, String target, String binary) {
    return unknownTarget(catalog, target);
  }

  /** The message for a target the formats do not have; only for shapes that generate records. */
  default String unknownTarget(SyscallCatalog catalog, String target) {
    throw new IllegalArgumentException("no generated record for " + annotation());
  }

  /**
   * The handler's event, matched against its parameter by {@code parameter}, which sees the
   * elements; empty after {@code parameter} reported the mismatch.
   */
  Optional<EventType> event(Parameter parameter, String target);

  /** The attachments to use where the kernel allows them. */
  List<AttachPoint> preferred(ProbeMethod probe);

  /** The attachments where {@link #preferred} cannot be used: tracepoints, for system calls. */
  default List<AttachPoint> fallback(ProbeMethod probe) {
    return List.of();
  }

  /** The C of {@code probe} after its event struct: its structs, maps and entry points. */
  void writeC(CWriter c, ProbeMethod probe);

  /**
   * Whether the C of this shape reads {@code struct pt_regs}, so that its program includes {@code
   * <uapi/linux/ptrace.h>}: every entry point of a kprobe, a kretprobe, a uprobe or a uretprobe
   * does, a system call's C has kprobe entry points beside its tracepoint ones (the runtime picks
   * one at start), and the runtime appends USDT entry points that read the registers. Only a
   * tracepoint's C reads its record alone; the header costs every start clang time.
   */
  default boolean readsRegisters() {
    return true;
  }

  /**
   * Where a filter of this shape finds the event's values before the event exists: the probe's
   * arguments and the helpers, unless the shape keeps them itself (a {@code withEntry} entry).
   */
  default FilterValues filterValues() {
    return FilterValues.LIVE;
  }

  /**
   * The handler's one parameter, as the validator sees it: each method checks that the parameter
   * is the type the shape expects, reports it on the parameter if not, and returns the event.
   */
  interface Parameter {
    /** The record the processor generates, {@code recordName}: the probe's generated event. */
    Optional<EventType> generated(String recordName);

    /** One of the API's event types, whose event is {@code event}. */
    Optional<EventType> api(EventType event);

    /** {@code KernelCall<A>}: the event whose members are {@code A}'s components. */
    Optional<EventType> kernelCall(String function);
  }

  /** {@code com.example.BindEvent}, or {@code BindEvent} in the unnamed package. */
  static String qualified(String packageName, String simpleName) {
    return packageName.isEmpty() ? simpleName : packageName + "." + simpleName;
  }

  /** {@code "bind"}, quoted as the annotation writes it. */
  static String quoted(String target) {
    return "\"" + target + "\"";
  }
}
