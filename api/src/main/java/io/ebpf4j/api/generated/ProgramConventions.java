package io.ebpf4j.api.generated;

/** Names that the generated code and the runtime must agree on. */
public final class ProgramConventions {

  /** The {@code BPF_RINGBUF_OUTPUT} map every generated program writes its events to. */
  public static final String EVENTS_MAP = "ebpf4j_events";

  /**
   * A one-slot {@code BPF_ARRAY} of {@code u64}: the events the program could not write because
   * the ring buffer was full. The runtime reports it as lost.
   */
  public static final String DROPPED_MAP = "ebpf4j_dropped";

  /** Macro that sizes {@link #EVENTS_MAP}, in pages (a power of two); set by the runtime. */
  public static final String RINGBUF_PAGES_MACRO = "EBPF4J_RINGBUF_PAGES";

  /**
   * Macro the runtime sets to 1 when the kernel's syscall functions are wrappers that take the
   * user's {@code struct pt_regs *} as their only argument ({@code __x64_sys_*}, {@code
   * __arm64_sys_*}), and to 0 when they take the arguments directly ({@code sys_*}).
   */
  public static final String SYSCALL_WRAPPER_MACRO = "EBPF4J_SYSCALL_WRAPPER";

  /**
   * Macro the runtime defines, to a process id, to keep only the events of that process: the
   * generated C then skips every other process before it reserves ring-buffer space.
   */
  public static final String TGID_FILTER_MACRO = "EBPF4J_TGID_FILTER";

  /** Suffix of the generated {@link ProbeProgram} class. */
  public static final String PROGRAM_CLASS_SUFFIX = "_Ebpf4jProgram";

  /**
   * The binary name of the {@link ProbeProgram} generated for a handler class: {@code
   * com.example.NetProbes} gives {@code com.example.NetProbes_Ebpf4jProgram}, and the nested
   * {@code com.example.Outer$Inner} gives {@code com.example.Outer_Inner_Ebpf4jProgram}.
   */
  public static String programClassName(Class<?> handlerType) {
    String packageName = handlerType.getPackageName();
    String simpleNames =
        handlerType.getName().substring(packageName.isEmpty() ? 0 : packageName.length() + 1);
    return (packageName.isEmpty() ? "" : packageName + ".")
        + simpleNames.replace('$', '_')
        + PROGRAM_CLASS_SUFFIX;
  }

  private ProgramConventions() {}
}
