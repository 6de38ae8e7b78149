package io.ebpf4j.api;

/**
 * How a BPF function is hooked into the kernel. Every probe annotation compiles to one or more
 * functions, each attached as one of these; the runtime reports what it attached in these terms.
 */
public enum AttachKind {
  /** A kprobe on a kernel function's entry. */
  KPROBE,
  /** A kretprobe on a kernel function's return. */
  KRETPROBE,
  /** A static tracepoint, {@code category:name}. */
  TRACEPOINT,
  /** A uprobe on a user-space function's entry. */
  UPROBE,
  /** A uretprobe on a user-space function's return. */
  URETPROBE,
  /** A user-level statically defined tracepoint: one uprobe at each location of its SDT note. */
  USDT,
  /**
   * A sampling perf event ({@code perf_event_open(2)}) on every CPU, such as the software cpu
   * clock at a frequency: the function runs on each sample.
   */
  PERF_EVENT;

  /** Whether this kind exists only on kernels built with {@code CONFIG_KPROBES}. */
  public boolean needsKprobes() {
    return this == KPROBE || this == KRETPROBE;
  }
}
