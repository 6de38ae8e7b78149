package io.ebpf4j.api.internal;

import io.ebpf4j.api.AttachKind;

/**
 * One BPF function of a generated program and the point it attaches to.
 *
 * @param kind how the function is hooked in
 * @param bpfFunction the C function in the generated program
 * @param target the kernel function ({@code tcp_v4_connect}) for kprobes and kretprobes, or, when
 *     {@code syscall} is set, the system call ({@code bind}) whose kernel function the runtime
 *     looks up on the running kernel; {@code category:name} for tracepoints; the symbol ({@code
 *     malloc}) for uprobes and uretprobes; {@code provider:name} for USDT probes
 * @param syscall whether {@code target} names a system call rather than a kernel function
 * @param binary for uprobes and USDT probes, the binary or library: a path, or a library name as bcc takes it
 *     ({@code "c"} is the libc this machine's processes use); empty otherwise
 * @param pid for uprobes, the one process to probe, or -1 for every process; -1 otherwise
 */
public record AttachPoint(
    AttachKind kind, String bpfFunction, String target, boolean syscall, String binary, int pid) {

  /** A kprobe on the kernel function that implements system call {@code syscall}. */
  public static AttachPoint syscallEntry(String bpfFunction, String syscall) {
    return new AttachPoint(AttachKind.KPROBE, bpfFunction, syscall, true, "", -1);
  }

  /** A kretprobe on the kernel function that implements system call {@code syscall}. */
  public static AttachPoint syscallReturn(String bpfFunction, String syscall) {
    return new AttachPoint(AttachKind.KRETPROBE, bpfFunction, syscall, true, "", -1);
  }

  public static AttachPoint kprobe(String bpfFunction, String kernelFunction) {
    return new AttachPoint(AttachKind.KPROBE, bpfFunction, kernelFunction, false, "", -1);
  }

  public static AttachPoint kretprobe(String bpfFunction, String kernelFunction) {
    return new AttachPoint(AttachKind.KRETPROBE, bpfFunction, kernelFunction, false, "", -1);
  }

  public static AttachPoint tracepoint(String bpfFunction, String categoryAndName) {
    return new AttachPoint(AttachKind.TRACEPOINT, bpfFunction, categoryAndName, false, "", -1);
  }

  public static AttachPoint uprobe(String bpfFunction, String binary, String symbol, int pid) {
    return new AttachPoint(AttachKind.UPROBE, bpfFunction, symbol, false, binary, pid);
  }

  /**
   * A sampling perf event on every CPU: {@code event} is a {@code SampleEvent}'s name in the
   * runtime ({@code cpu-clock}), sampled {@code hz} times a second on each CPU; the target is
   * written {@code cpu-clock@99}.
   */
  public static AttachPoint perfEvent(String bpfFunction, String event, int hz) {
    return new AttachPoint(AttachKind.PERF_EVENT, bpfFunction, event + "@" + hz, false, "", -1);
  }

  public static AttachPoint uretprobe(String bpfFunction, String binary, String symbol, int pid) {
    return new AttachPoint(AttachKind.URETPROBE, bpfFunction, symbol, false, binary, pid);
  }

  /**
   * A USDT probe {@code provider:name} of {@code binary} (empty: the JVMs {@code @Hotspot}
   * finds); {@code bpfFunction} is the emit function the runtime's per-location functions call.
   */
  public static AttachPoint usdt(String bpfFunction, String binary, String probe, int pid) {
    return new AttachPoint(AttachKind.USDT, bpfFunction, probe, false, binary, pid);
  }
}
