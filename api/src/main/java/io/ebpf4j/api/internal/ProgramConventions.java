package io.ebpf4j.api.internal;

import java.util.ArrayList;
import java.util.List;

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
    CALL_COMPLETED,
    /** An event of an {@code @Aggregate} probe whose key found the aggregate's map full. */
    AGGREGATE_KEY_DROPPED;

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

  /**
   * Prefix of the per-CPU hash in which an {@code @Aggregate} probe keeps its aggregate; the
   * probe's index follows. See {@link AggregateSpec}.
   */
  public static final String AGGREGATE_MAP_PREFIX = "ebpf4j_aggregate_";

  /**
   * The {@code BPF_STACK_TRACE} map of the probes that take {@code stacks}; only programs with
   * such a probe declare it.
   */
  public static final String STACKS_MAP = "ebpf4j_stacks";

  /** Macro that sizes {@link #STACKS_MAP}, in stacks; set by the runtime. */
  public static final String STACK_MAP_SIZE_MACRO = "EBPF4J_STACK_MAP_SIZE";

  /** The stacks {@link #STACKS_MAP} holds unless the options say otherwise. */
  public static final int DEFAULT_STACK_MAP_SIZE = 16384;

  /** Macro that sizes {@link #EVENTS_MAP}, in pages (a power of two); set by the runtime. */
  public static final String RINGBUF_PAGES_MACRO = "EBPF4J_RINGBUF_PAGES";

  /**
   * The size of {@link #EVENTS_MAP} unless the options say otherwise, in pages: 8 MiB with 4 KiB
   * pages. The runtime's default, and the C's own for {@link #RINGBUF_PAGES_MACRO} when it is
   * compiled without the runtime defining it.
   */
  public static final int DEFAULT_RING_BUFFER_PAGES = 2048;

  /**
   * Macro the runtime sets to 1 when the kernel's syscall functions are wrappers that take the
   * user's {@code struct pt_regs *} as their only argument ({@code __x64_sys_*}, {@code
   * __arm64_sys_*}), and to 0 when they take the arguments directly ({@code sys_*}).
   */
  public static final String SYSCALL_WRAPPER_MACRO = "EBPF4J_SYSCALL_WRAPPER";

  /**
   * Macro the runtime defines, without a value, to keep only the events of one process: the
   * generated C then skips every other process before it reserves ring-buffer space. The process
   * id is in {@link #FILTERS_MAP}.
   */
  public static final String TGID_FILTER_MACRO = "EBPF4J_TGID_FILTER";

  /**
   * Macro the runtime defines, without a value, to keep only the events of threads running as
   * one user (the uid of {@code bpf_get_current_uid_gid()}, which the events report too). The
   * user id is in {@link #FILTERS_MAP}.
   */
  public static final String UID_FILTER_MACRO = "EBPF4J_UID_FILTER";

  /**
   * Macro the runtime defines, without a value, to keep only the events of tasks in exactly one
   * cgroup ({@code bpf_get_current_cgroup_id()}). The cgroup v2 id (the inode number of its
   * directory) is in {@link #FILTERS_MAP}.
   */
  public static final String CGROUP_FILTER_MACRO = "EBPF4J_CGROUP_FILTER";

  /**
   * A {@code BPF_ARRAY} of {@code u64}, one slot per {@link Filter}: the values the filters keep,
   * which the runtime writes after the program is loaded and before any probe attaches. The C
   * declares it only when a filter's macro is defined. The values are not compiled in, so that
   * starts filtered to different processes, users or cgroups share one cached program.
   */
  public static final String FILTERS_MAP = "ebpf4j_filters";

  /** The slots of {@link #FILTERS_MAP}, by {@linkplain #ordinal() index}. */
  public enum Filter {
    /** The process id (thread group id) to keep; on when {@link #TGID_FILTER_MACRO} is defined. */
    TGID(TGID_FILTER_MACRO),
    /** The user id to keep; on when {@link #UID_FILTER_MACRO} is defined. */
    UID(UID_FILTER_MACRO),
    /** The cgroup v2 id to keep; on when {@link #CGROUP_FILTER_MACRO} is defined. */
    CGROUP(CGROUP_FILTER_MACRO);

    private final String macro;

    Filter(String macro) {
      this.macro = macro;
    }

    /** The macro that turns this filter on, e.g. {@code EBPF4J_TGID_FILTER}. */
    public String macro() {
      return macro;
    }

    /** The C macro of this filter's slot, e.g. {@code EBPF4J_TGID_FILTER_SLOT}. */
    public String slotMacro() {
      return macro + "_SLOT";
    }
  }

  /** Suffix of the generated {@link ProbeProgram} class. */
  public static final String PROGRAM_CLASS_SUFFIX = "_Ebpf4jProgram";

  /**
   * The binary name of the {@link ProbeProgram} generated for a handler class: its package, then
   * {@link #escapedName} of its simple names, then {@value #PROGRAM_CLASS_SUFFIX}. {@code
   * com.example.NetProbes} gives {@code com.example.NetProbes_Ebpf4jProgram}, the nested {@code
   * com.example.Outer.Inner} gives {@code com.example.Outer_Inner_Ebpf4jProgram}, and the
   * top-level {@code com.example.Outer_Inner} gives {@code com.example.Outer_1Inner_Ebpf4jProgram}.
   */
  public static String programClassName(Class<?> handlerType) {
    return companionClassName(handlerType, PROGRAM_CLASS_SUFFIX);
  }

  /** Suffix of the generated {@link EventEncoder} class, written for every handler class. */
  public static final String ENCODER_CLASS_SUFFIX = "_Ebpf4jEncoder";

  /**
   * Suffix of the generated {@link JfrCommitter} class, written only for a handler class marked
   * {@code @JfrEvents}.
   */
  public static final String JFR_CLASS_SUFFIX = "_Ebpf4jJfr";

  /**
   * The binary name of a class generated next to the program of {@code handlerType}: named as
   * {@link #programClassName}, with {@code suffix} in place of {@value #PROGRAM_CLASS_SUFFIX}.
   */
  public static String companionClassName(Class<?> handlerType, String suffix) {
    List<String> simpleNames = new ArrayList<>();
    for (Class<?> c = handlerType; c != null; c = c.getEnclosingClass()) {
      // getSimpleName, not the binary name: a top-level Dollar$Probes and a nested Dollar.Probes
      // share the binary name Dollar$Probes, but not their simple names.
      simpleNames.addFirst(c.getSimpleName());
    }
    String packageName = handlerType.getPackageName();
    return (packageName.isEmpty() ? "" : packageName + ".")
        + escapedName(simpleNames)
        + suffix;
  }

  /**
   * The simple names of a class, outermost first, as one identifier that no other list of simple
   * names gives: each {@code _} becomes {@code _1}, each {@code $} becomes {@code _2}, and the
   * names are joined by {@code _}. JNI mangles names the same way, for the same reason: an
   * identifier never starts with a digit, so {@code _} followed by a digit is an escape and any
   * other {@code _} is a separator, and the mapping can be undone. Names without {@code _} and
   * {@code $} read as before: {@code Outer.Inner} gives {@code Outer_Inner}.
   *
   * <p>The processor names the program class and its BPF C resource with this; the runtime finds
   * the program with {@link #programClassName}, so both sides agree by construction.
   */
  public static String escapedName(List<String> simpleNames) {
    StringBuilder escaped = new StringBuilder();
    for (String simpleName : simpleNames) {
      if (!escaped.isEmpty()) {
        escaped.append('_');
      }
      for (int i = 0; i < simpleName.length(); i++) {
        char c = simpleName.charAt(i);
        switch (c) {
          case '_' -> escaped.append("_1");
          case '$' -> escaped.append("_2");
          default -> escaped.append(c);
        }
      }
    }
    return escaped.toString();
  }

  private ProgramConventions() {}
}
