package io.ebpf4j.api.generated;

/**
 * One BPF function and the probe point it goes on.
 *
 * @param kind what kind of probe point
 * @param bpfFunction the C function in the generated program
 * @param target the system call ({@code bind}) for the {@code SYSCALL_*} kinds, the kernel
 *     function ({@code tcp_v4_connect}) for {@code KPROBE}/{@code KRETPROBE}, {@code
 *     category:name} for {@code TRACEPOINT}, the symbol ({@code malloc}) for {@code UPROBE}/{@code
 *     URETPROBE}
 * @param binary for uprobes, the binary or library: a path, or a library name as bcc takes it
 *     ({@code "c"} is the libc this machine's processes use); empty otherwise
 * @param pid for uprobes, the one process to probe, or -1 for every process; -1 otherwise
 */
public record Attach(Kind kind, String bpfFunction, String target, String binary, int pid) {

  /** The kinds of probe point. */
  public enum Kind {
    /** The entry of the kernel function that implements system call {@code target}. */
    SYSCALL_KPROBE,
    /** The return of the kernel function that implements system call {@code target}. */
    SYSCALL_KRETPROBE,
    /** The entry of kernel function {@code target}. */
    KPROBE,
    /** The return of kernel function {@code target}. */
    KRETPROBE,
    /** Static tracepoint {@code target}, written {@code category:name}. */
    TRACEPOINT,
    /** The entry of user-space function {@code target} in {@code binary}. */
    UPROBE,
    /** The return of user-space function {@code target} in {@code binary}. */
    URETPROBE;

    /** Whether this kind exists only on kernels built with {@code CONFIG_KPROBES}. */
    public boolean needsKprobes() {
      return this == SYSCALL_KPROBE || this == SYSCALL_KRETPROBE || this == KPROBE || this == KRETPROBE;
    }
  }

  public static Attach syscallKprobe(String bpfFunction, String syscall) {
    return new Attach(Kind.SYSCALL_KPROBE, bpfFunction, syscall, "", -1);
  }

  public static Attach syscallKretprobe(String bpfFunction, String syscall) {
    return new Attach(Kind.SYSCALL_KRETPROBE, bpfFunction, syscall, "", -1);
  }

  public static Attach kprobe(String bpfFunction, String kernelFunction) {
    return new Attach(Kind.KPROBE, bpfFunction, kernelFunction, "", -1);
  }

  public static Attach kretprobe(String bpfFunction, String kernelFunction) {
    return new Attach(Kind.KRETPROBE, bpfFunction, kernelFunction, "", -1);
  }

  public static Attach tracepoint(String bpfFunction, String categoryAndName) {
    return new Attach(Kind.TRACEPOINT, bpfFunction, categoryAndName, "", -1);
  }

  public static Attach uprobe(String bpfFunction, String binary, String symbol, int pid) {
    return new Attach(Kind.UPROBE, bpfFunction, symbol, binary, pid);
  }

  public static Attach uretprobe(String bpfFunction, String binary, String symbol, int pid) {
    return new Attach(Kind.URETPROBE, bpfFunction, symbol, binary, pid);
  }
}
