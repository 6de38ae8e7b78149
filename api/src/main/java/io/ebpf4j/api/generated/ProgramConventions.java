package io.ebpf4j.api.generated;

/** Names that the generated code and the runtime must agree on. */
public final class ProgramConventions {

  /** The {@code BPF_RINGBUF_OUTPUT} map every generated program writes its events to. */
  public static final String EVENTS_MAP = "ebpf4j_events";

  /**
   * A {@code BPF_PERCPU_ARRAY} of {@code u64}, one slot per {@link Counter}: what the program
   * counts in the kernel so that the runtime can account for every event it did not deliver.
   */
  public static final String COUNTERS_MAP = "ebpf4j_counters";

  /**
   * The slots of {@link #COUNTERS_MAP}, by {@linkplain #ordinal() index}. The generated C names
   * each slot with the {@linkplain #macro() macro} of its counter.
   */
  public enum Counter {
    /** An event the program could not reserve ring-buffer space for. */
    RING_BUFFER_FULL,
    /** An entry of a {@code withEntry} call the calls map refused to store. */
    CALL_NOT_STORED,
    /** An entry of a {@code withEntry} call stored in the calls map. */
    CALL_STORED,
    /**
     * An entry stored over an earlier entry of the same thread, whose return was never seen: that
     * earlier call's event is lost.
     */
    CALL_REPLACED,
    /** A return that found its entry in the calls map and removed it. */
    CALL_COMPLETED;

    /** The C macro of this slot's index, e.g. {@code EBPF4J_COUNTER_RING_BUFFER_FULL}. */
    public String macro() {
      return "EBPF4J_COUNTER_" + name();
    }
  }

  /**
   * Prefix of the LRU hash in which a {@code withEntry} probe keeps each call's entry until its
   * return; the probe's index follows. The runtime counts what is left in them at close.
   */
  public static final String CALLS_MAP_PREFIX = "ebpf4j_calls_";

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
