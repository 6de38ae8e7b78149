package io.ebpf4j.runtime;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Stack;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.shape.ProbeShape;
import io.ebpf4j.processor.shape.TracepointHit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * A probe named at run time: what an annotation names at compile time, as a value. Attach it with
 * {@link ProbeRuntime#attach(Probe, java.util.function.Consumer)} or collect several in {@link
 * DynamicProbes}; each of its events arrives as a {@link ProbeEvent} whose fields come from the
 * running kernel's tracepoint formats.
 *
 * <pre>{@code
 * Probe.syscall("bind")                        // @Kprobe("bind")
 * Probe.syscallReturn("openat")                // @Kretprobe("openat")
 * Probe.syscallCall("openat")                  // @Kretprobe(value = "openat", withEntry = true)
 * Probe.tracepoint("sched:sched_process_exec") // @Tracepoint("sched:sched_process_exec")
 * Probe.uprobe("c", "malloc")                  // @Uprobe(binary = "c", symbol = "malloc")
 * Probe.syscall("getppid").withStacks(Stack.KERNEL, Stack.USER) // stacks = {...}
 * }</pre>
 *
 * <p>The names are checked against the kernel when the probes start, where a misspelt one fails
 * with the closest name the kernel has.
 */
public final class Probe {
  /** As the processor checks {@code @Tracepoint}'s value. */
  private static final Pattern TRACEPOINT = Pattern.compile("[A-Za-z0-9_]+:[A-Za-z0-9_.-]+");

  /** The annotations' default. */
  static final int DEFAULT_STRING_SIZE = 256;

  private final ProbeShape shape;
  private final String factory;
  private final String target;
  private final String binary;
  private final int pid;
  private final int stringSize;
  private final Set<Stack> stacks;

  private Probe(
      ProbeShape shape, String factory, String target, String binary, int pid, int stringSize) {
    this(shape, factory, target, binary, pid, stringSize, Set.of());
  }

  private Probe(
      ProbeShape shape, String factory, String target, String binary, int pid, int stringSize,
      Set<Stack> stacks) {
    this.shape = shape;
    this.factory = factory;
    this.target = target;
    this.binary = binary;
    this.pid = pid;
    this.stringSize = stringSize;
    this.stacks = stacks;
  }

  /** The entry of system call {@code name}, with its arguments: a kprobe, else its tracepoint. */
  public static Probe syscall(String name) {
    return new Probe(ProbeShape.SYSCALL_ENTRY, "syscall", name(name, "syscall"), "", -1,
        DEFAULT_STRING_SIZE);
  }

  /** The return of system call {@code name}, with its value {@code ret}. */
  public static Probe syscallReturn(String name) {
    return new Probe(ProbeShape.SYSCALL_RETURN, "syscallReturn", name(name, "syscallReturn"), "",
        -1, DEFAULT_STRING_SIZE);
  }

  /**
   * A completed call of system call {@code name}, as one event: its arguments at entry, {@code
   * ret} and {@code latencyNanos}.
   */
  public static Probe syscallCall(String name) {
    return new Probe(ProbeShape.SYSCALL_CALL, "syscallCall", name(name, "syscallCall"), "", -1,
        DEFAULT_STRING_SIZE);
  }

  /**
   * A hit of tracepoint {@code categoryAndName}, {@code sched:sched_process_exec}, with every
   * field of its format that is not common.
   *
   * @throws IllegalArgumentException if it is not {@code category:name}
   */
  public static Probe tracepoint(String categoryAndName) {
    Objects.requireNonNull(categoryAndName, "categoryAndName");
    if (!TRACEPOINT.matcher(categoryAndName).matches()) {
      throw new IllegalArgumentException(
          "Probe.tracepoint: expected `category:name`, as under /sys/kernel/tracing/events"
              + " (`sched:sched_process_exec`), not `" + categoryAndName + "`");
    }
    return new Probe(ProbeShape.TRACEPOINT, "tracepoint", categoryAndName, "", -1,
        DEFAULT_STRING_SIZE);
  }

  /**
   * The entry of {@code symbol} in {@code binary} (a path, or a library name as bcc takes it:
   * {@code "c"}), in every process; its six argument registers are {@code arg0} to {@code arg5}.
   */
  public static Probe uprobe(String binary, String symbol) {
    return new Probe(ProbeShape.UPROBE, "uprobe", name(symbol, "uprobe"),
        name(binary, "uprobe"), -1, 0);
  }

  /** The return of {@code symbol} in {@code binary}, with its value {@code ret}. */
  public static Probe uretprobe(String binary, String symbol) {
    return new Probe(ProbeShape.URETPROBE, "uretprobe", name(symbol, "uretprobe"),
        name(binary, "uretprobe"), -1, 0);
  }

  /**
   * This uprobe or uretprobe, in process {@code pid} only.
   *
   * @throws IllegalArgumentException for another kind of probe, or a pid that is not positive
   */
  public Probe inProcess(int pid) {
    if (binary.isEmpty()) {
      throw new IllegalArgumentException(
          this + ".inProcess: only uprobes and uretprobes take a process");
    }
    if (pid <= 0) {
      throw new IllegalArgumentException(this + ".inProcess: a process id is positive, not " + pid);
    }
    return new Probe(shape, factory, target, binary, pid, stringSize, stacks);
  }

  /**
   * This probe with strings of {@code size} bytes, NUL included, instead of {@value
   * #DEFAULT_STRING_SIZE}, as the annotations' {@code stringSize}.
   *
   * @throws IllegalArgumentException if it is not between 1 and {@value Kprobe#MAX_STRING_SIZE},
   *     or for a uprobe or uretprobe, which carry no strings
   */
  public Probe withStringSize(int size) {
    if (!binary.isEmpty()) {
      throw new IllegalArgumentException(
          this + ".withStringSize: uprobes and uretprobes carry no strings");
    }
    if (size < 1 || size > Kprobe.MAX_STRING_SIZE) {
      throw new IllegalArgumentException(
          this + ".withStringSize: the size must be between 1 and " + Kprobe.MAX_STRING_SIZE
              + ", not " + size);
    }
    return new Probe(shape, factory, target, binary, pid, size, stacks);
  }

  /**
   * This probe, capturing {@code stacks} with each event, as the annotations' {@code stacks}: its
   * events' {@link ProbeEvent#kernelStack()} and {@link ProbeEvent#userStack()} resolve them on
   * first call. Replaces the stacks of an earlier call.
   *
   * @throws IllegalArgumentException if none is given, or {@code Stack.KERNEL} for a uprobe or
   *     uretprobe, which run in user space
   */
  public Probe withStacks(Stack... stacks) {
    Objects.requireNonNull(stacks, "stacks");
    if (stacks.length == 0) {
      throw new IllegalArgumentException(
          this + ".withStacks: name a stack, Stack.KERNEL or Stack.USER, or leave the call out");
    }
    Set<Stack> set = EnumSet.noneOf(Stack.class);
    for (Stack stack : stacks) {
      set.add(Objects.requireNonNull(stack, "stack"));
    }
    if (!binary.isEmpty() && set.contains(Stack.KERNEL)) {
      throw new IllegalArgumentException(
          this + ".withStacks: a probe in user space runs on the user's registers, where the"
              + " kernel has no stack to walk (bpf_get_stackid fails with -EFAULT); take"
              + " Stack.USER");
    }
    return new Probe(
        shape, factory, target, binary, pid, stringSize, Collections.unmodifiableSet(set));
  }

  private static String name(String name, String factory) {
    Objects.requireNonNull(name, factory);
    if (name.isBlank()) {
      throw new IllegalArgumentException("Probe." + factory + ": the name is empty");
    }
    return name;
  }

  ProbeShape shape() {
    return shape;
  }

  /** The system call, {@code category:name} or symbol. */
  public String target() {
    return target;
  }

  /** For uprobes and uretprobes, the binary; empty otherwise. */
  String binary() {
    return binary;
  }

  /** For uprobes and uretprobes, the one process, or -1. */
  int pid() {
    return pid;
  }

  int stringSize() {
    return stringSize;
  }

  /** The stacks each event captures; empty for none. */
  Set<Stack> stacks() {
    return stacks;
  }

  /** Why {@code catalog} has no format for this probe, with the closest name it has. */
  String unknownTarget(SyscallCatalog catalog) {
    return shape instanceof TracepointHit
        ? DynamicMessages.unknownTracepoint(this, catalog.suggestTracepoint(target))
        : DynamicMessages.unknownSyscall(this, catalog.suggest(target));
  }

  /** The factory call that made it: {@code Probe.syscall("bind")}, for messages. */
  @Override
  public String toString() {
    String call = binary.isEmpty()
        ? "Probe." + factory + "(\"" + target + "\")"
        : "Probe." + factory + "(\"" + binary + "\", \"" + target + "\")";
    return call
        + (pid == -1 ? "" : ".inProcess(" + pid + ")")
        + (stringSize == 0 || stringSize == DEFAULT_STRING_SIZE
            ? "" : ".withStringSize(" + stringSize + ")")
        + (stacks.isEmpty()
            ? ""
            : stacks.stream().map(s -> "Stack." + s)
                .collect(Collectors.joining(", ", ".withStacks(", ")")));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Probe p
        && shape.equals(p.shape)
        && target.equals(p.target)
        && binary.equals(p.binary)
        && pid == p.pid
        && stringSize == p.stringSize
        && stacks.equals(p.stacks);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shape, target, binary, pid, stringSize, stacks);
  }
}
