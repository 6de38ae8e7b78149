package io.ebpf4j.processor;

/** What a probe annotation traces, and so which C it needs and where it attaches. */
enum ProbeKind {
  /** {@code @Kprobe("bind")}: a system call's entry; kprobe, else {@code sys_enter_} tracepoint. */
  SYSCALL_ENTRY("@Kprobe"),
  /** {@code @Kretprobe("openat")}: its return; kretprobe, else {@code sys_exit_} tracepoint. */
  SYSCALL_RETURN("@Kretprobe"),
  /** {@code @Kretprobe(value = "openat", withEntry = true)}: entry and return, one event. */
  SYSCALL_CALL("@Kretprobe"),
  /** {@code @Tracepoint("sched:sched_process_exec")}. */
  TRACEPOINT("@Tracepoint"),
  /** {@code @Kprobe(function = "tcp_v4_connect")}: a kernel function's entry. */
  KERNEL_ENTRY("@Kprobe"),
  /** {@code @Kretprobe(function = "tcp_v4_connect")}: its return. */
  KERNEL_RETURN("@Kretprobe"),
  /** {@code @Uprobe}: a user-space function's entry. */
  UPROBE("@Uprobe"),
  /** {@code @Uretprobe}: its return. */
  URETPROBE("@Uretprobe");

  private final String annotation;

  ProbeKind(String annotation) {
    this.annotation = annotation;
  }

  /** {@code @Kprobe}, for messages. */
  String annotation() {
    return annotation;
  }

  /** The annotation as written, for messages and comments: {@code @Kprobe("bind")}. */
  String origin(String target) {
    String quoted = "\"" + target + "\"";
    return switch (this) {
      case SYSCALL_ENTRY, SYSCALL_RETURN, TRACEPOINT -> annotation + "(" + quoted + ")";
      case SYSCALL_CALL -> annotation + "(value = " + quoted + ", withEntry = true)";
      case KERNEL_ENTRY, KERNEL_RETURN -> annotation + "(function = " + quoted + ")";
      case UPROBE, URETPROBE -> annotation + "(symbol = " + quoted + ")";
    };
  }

  /** Whether the processor generates the event record (rather than using one of the API's). */
  boolean generatesRecord() {
    return this == SYSCALL_ENTRY || this == SYSCALL_RETURN || this == SYSCALL_CALL
        || this == TRACEPOINT;
  }
}
