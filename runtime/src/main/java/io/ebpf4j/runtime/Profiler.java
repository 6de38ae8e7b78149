package io.ebpf4j.runtime;

import io.ebpf4j.api.StackTrace;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.shape.CFragments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Samples stacks on every CPU at a frequency and counts them in the kernel, as bcc's {@code
 * profile} does: the BPF program adds one to a hash keyed by (process, kernel stack id, user
 * stack id, thread name) on each sample, so Java does nothing per sample. {@link #profile()}
 * reads the counts and names the frames with a {@link Symbolizer}: kernel functions, native
 * symbols, and JIT-compiled Java methods from the JVM's perf map.
 *
 * <pre>{@code
 * try (Profiler profiler = Profiler.start(99, pid)) {
 *   Thread.sleep(10_000);
 *   Profile profile = profiler.profile();
 *   FlameGraph.of(profile).writeHtml(Path.of("flame.html"));
 * }
 * }</pre>
 *
 * <p>The filters of {@link ProbeOptions} apply: {@code onlyProcess}, {@code onlyUser} and {@code
 * onlyCgroup}, in the kernel. The idle task is left out unless {@link Builder#includeIdle()}.
 * No annotation processing is needed. Not thread-safe.
 */
public final class Profiler implements AutoCloseable {
  /** The default frequency: 99 Hz, off the beat of timers that run at round frequencies. */
  public static final int DEFAULT_HZ = 99;

  /** Distinct (process, stacks, comm) counted; more are dropped and counted as such. */
  static final int SAMPLE_ENTRIES = 40_960;
  /** Distinct stacks stored, kernel and user together. */
  static final int STACK_ENTRIES = 16_384;

  static final String FUNCTION = "ebpf4j_sample";

  private final BpfModule module;
  private final BpfTable<SampleKey, Long> samples;
  private final StackTraceTable stacks;
  private final BpfTable<Integer, Long> lost;
  private final Symbolizer symbolizer;
  private final boolean ownsSymbolizer;

  /** {@code struct sample_key} of the C below. */
  record SampleKey(int pid, int kernelStack, int userStack, @FixedSize(16) String comm) {}

  private Profiler(BpfModule module, Symbolizer symbolizer, boolean ownsSymbolizer) {
    this.module = module;
    this.samples = module.table("samples", SampleKey.class, Long.class);
    this.stacks = module.stackTraceTable("stacks");
    this.lost = module.table("lost", Integer.class, Long.class);
    this.symbolizer = symbolizer;
    this.ownsSymbolizer = ownsSymbolizer;
  }

  /**
   * Samples the cpu clock {@code hz} times a second on every CPU.
   *
   * @param pid the one process to profile, or -1 for every process
   */
  public static Profiler start(int hz, long pid) {
    Builder builder = sampling(SampleEvent.CPU_CLOCK).hz(hz);
    return (pid == -1 ? builder : builder.options(ProbeOptions.defaults().withOnlyProcess(pid)))
        .start();
  }

  /** A profiler of {@code event}, to set up and {@link Builder#start()}. */
  public static Builder sampling(SampleEvent event) {
    return new Builder(Objects.requireNonNull(event, "event"));
  }

  /** Sets up a {@link Profiler}. */
  public static final class Builder {
    private final SampleEvent event;
    private int hz = DEFAULT_HZ;
    private ProbeOptions options = ProbeOptions.defaults();
    private boolean includeIdle;
    private Symbolizer symbolizer;

    private Builder(SampleEvent event) {
      this.event = event;
    }

    /** Samples a second on each CPU; {@value Profiler#DEFAULT_HZ} by default. */
    public Builder hz(int hz) {
      this.hz = hz;
      return this;
    }

    /** The process, user and cgroup filters; the ring buffer and close options do not apply. */
    public Builder options(ProbeOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Counts the samples that find a CPU idle (pid 0, {@code swapper/N}) too. */
    public Builder includeIdle() {
      this.includeIdle = true;
      return this;
    }

    /**
     * Names the frames with {@code symbolizer}, which the caller closes; by default the profiler
     * makes its own ({@link Symbolizer#create()}: it asks a JVM for its perf map) and closes it
     * with itself.
     */
    public Builder symbolizer(Symbolizer symbolizer) {
      this.symbolizer = Objects.requireNonNull(symbolizer, "symbolizer");
      return this;
    }

    /**
     * Compiles, loads and attaches the sampling program.
     *
     * @throws IllegalArgumentException if {@code hz} is out of the kernel's range
     * @throws Ebpf4jException if the process to profile is not running, the event does not
     *     exist here, or this process may not sample
     */
    public Profiler start() {
      long pid = options.onlyProcess();
      if (pid != 0 && !Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
        // Sampling a pid that is not there would count nothing, silently.
        throw new Ebpf4jException(
            "no process with pid "
                + pid
                + " (there is no /proc/"
                + pid
                + "): start it first, or profile every process with pid -1");
      }
      List<String> cflags = new ArrayList<>();
      cflags.add("-DSAMPLE_ENTRIES=" + SAMPLE_ENTRIES);
      cflags.add("-DSTACK_ENTRIES=" + STACK_ENTRIES);
      SessionFilters filters = SessionFilters.of(options);
      cflags.addAll(filters.cflags());
      if (includeIdle) {
        cflags.add("-DINCLUDE_IDLE");
      }
      BpfModule module = BpfModule.compile("the profiler's BPF program", SOURCE, cflags);
      try {
        Profiler profiler =
            symbolizer == null
                ? new Profiler(module, Symbolizer.create(), true)
                : new Profiler(module, symbolizer, false);
        try {
          filters.write(module); // before the attach, so no other process is sampled
          module.attachPerfEvent(FUNCTION, event, hz);
        } catch (RuntimeException | Error e) {
          profiler.close();
          throw e;
        }
        return profiler;
      } catch (RuntimeException | Error e) {
        module.close();
        throw e;
      }
    }
  }

  /**
   * The samples counted so far, frames named. Reading goes on while sampling goes on, so a
   * stack counted meanwhile may be missed by this read, not by the next.
   */
  public Profile profile() {
    List<ProfiledStack> result = new ArrayList<>();
    // A stack is shared by the keys of its threads' names and other stacks: resolve it once.
    Map<Integer, StackTrace> kernelStacks = new HashMap<>();
    Map<Long, StackTrace> userStacks = new HashMap<>();
    long total = 0;
    for (Map.Entry<SampleKey, Long> e : samples.entries().entrySet()) {
      SampleKey key = e.getKey();
      StackTrace kernel =
          kernelStacks.computeIfAbsent(
              key.kernelStack(), id -> stacks.kernelStack(id, symbolizer));
      StackTrace user =
          userStacks.computeIfAbsent(
              ((long) key.pid() << 32) | (key.userStack() & 0xffffffffL),
              both -> stacks.userStack(key.pid(), key.userStack(), symbolizer));
      result.add(new ProfiledStack(key.pid(), key.comm(), kernel, user, e.getValue()));
      total += e.getValue();
    }
    return new Profile(
        result, total, lost.get(LOST_STACKS).orElse(0L), lost.get(DROPPED_SAMPLES).orElse(0L));
  }

  /** Forgets the samples counted so far, to count afresh. */
  public void clear() {
    samples.clear();
    stacks.clear();
    lost.put(LOST_STACKS, 0L);
    lost.put(DROPPED_SAMPLES, 0L);
  }

  /** Where the sampling program is attached. */
  public List<Attachment> attachments() {
    return module.attachments();
  }

  /** Stops sampling and frees the maps, and the symbolizer if it made it. Idempotent. */
  @Override
  public void close() {
    try {
      module.close();
    } finally {
      if (ownsSymbolizer) {
        symbolizer.close();
      }
    }
  }

  private static final int LOST_STACKS = 0;
  private static final int DROPPED_SAMPLES = 1;

  /**
   * The sampling program. A stack id below 0 is get_stackid's error: -EFAULT means there was no
   * stack to walk (a kernel thread has no user stack; a sample in user space no kernel stack),
   * anything else that the stack was lost, which is counted.
   */
  static final String SOURCE = source();

  /** {@link #SOURCE}: the sampling program, with the filters of every generated program. */
  private static String source() {
    CWriter filtersMap = new CWriter();
    CFragments.filtersMap(filtersMap);
    CWriter filter = new CWriter();
    CFragments.filter(filter);
    return SOURCE_HEAD + filtersMap + SOURCE_ENTRY + filter.toString().indent(2) + SOURCE_TAIL;
  }

  private static final String SOURCE_HEAD =
      """
      #include <uapi/linux/ptrace.h>
      #include <uapi/linux/bpf_perf_event.h>

      #ifndef EFAULT
      #define EFAULT 14
      #endif

      struct sample_key {
        u32 pid;
        s32 kernel_stack;
        s32 user_stack;
        char comm[16];
      };

      BPF_HASH(samples, struct sample_key, u64, SAMPLE_ENTRIES);
      BPF_STACK_TRACE(stacks, STACK_ENTRIES);
      BPF_ARRAY(lost, u64, 2);

      static inline void count_lost(int index) {
        u64 *n = lost.lookup(&index);
        if (n) {
          __sync_fetch_and_add(n, 1);
        }
      }

      """;

  private static final String SOURCE_ENTRY =
      """

      int ebpf4j_sample(struct bpf_perf_event_data *ctx) {
        u64 pid_tgid = bpf_get_current_pid_tgid();
        u32 pid = pid_tgid >> 32;
      #ifndef INCLUDE_IDLE
        if (pid_tgid == 0) {
          return 0;
        }
      #endif
      """;

  private static final String SOURCE_TAIL =
      """
        struct sample_key key = {};
        key.pid = pid;
        key.kernel_stack = stacks.get_stackid(&ctx->regs, 0);
        key.user_stack = stacks.get_stackid(&ctx->regs, BPF_F_USER_STACK);
        bpf_get_current_comm(&key.comm, sizeof(key.comm));
        if ((key.kernel_stack < 0 && key.kernel_stack != -EFAULT)
            || (key.user_stack < 0 && key.user_stack != -EFAULT)) {
          count_lost(0);
        }
        u64 zero = 0;
        u64 *count = samples.lookup_or_try_init(&key, &zero);
        if (count) {
          __sync_fetch_and_add(count, 1);
        } else {
          count_lost(1);
        }
        return 0;
      }
      """;
}
