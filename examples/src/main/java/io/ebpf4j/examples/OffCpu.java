package io.ebpf4j.examples;

import io.ebpf4j.runtime.BpfModule;
import io.ebpf4j.runtime.BpfTable;
import io.ebpf4j.runtime.FixedSize;
import io.ebpf4j.runtime.FlameGraph;
import io.ebpf4j.runtime.ProfiledStack;
import io.ebpf4j.runtime.StackTraceTable;
import io.ebpf4j.runtime.Symbolizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where threads block, and for how long, like bcc's {@code offcputime}: on {@code
 * sched:sched_switch} the thread leaving the CPU to wait (not one preempted) has its kernel and
 * user stacks stored with the time; when it is switched back in, the time it was off the CPU is
 * added up in the kernel under (process, stacks, thread name). Prints the stacks that waited
 * longest, and writes a flame graph whose widths are microseconds off the CPU.
 *
 * <pre>
 * scripts/run-example.sh OffCpu [--pid N] [--out offcpu.html] [--duration 10s]
 * 5321 ms off CPU, pid 812 (java)
 *     schedule_[k]
 *     futex_wait_queue_[k]
 *     ...
 * </pre>
 *
 * <p>Written with {@link BpfModule}, the native passthrough: its C is below.
 */
public class OffCpu {
  /** How many stacks to print. */
  static final int TOP = 5;
  /** How many frames of each. */
  static final int DEPTH = 12;

  static final String SOURCE =
      """
      #include <uapi/linux/ptrace.h>

      struct blocked {
        u64 start_ns;
        u32 tgid;
        s32 kernel_stack;
        s32 user_stack;
        char comm[16];
      };

      struct offcpu_key {
        u32 pid;
        s32 kernel_stack;
        s32 user_stack;
        char comm[16];
      };

      BPF_HASH(blocked, u32, struct blocked, 10240);
      BPF_HASH(offcpu, struct offcpu_key, u64, 10240);
      BPF_STACK_TRACE(stacks, 16384);

      TRACEPOINT_PROBE(sched, sched_switch) {
        u64 now = bpf_ktime_get_ns();
        u64 pid_tgid = bpf_get_current_pid_tgid();
        u32 prev = args->prev_pid;
        // Blocked, not preempted: a preempted task's state is TASK_RUNNING, with a flag above
        // the report bits (__trace_sched_switch_state).
        if (prev != 0 && (args->prev_state & 0xff) != 0
      #ifdef ONLY_PROCESS
            && (pid_tgid >> 32) == ONLY_PROCESS
      #endif
        ) {
          struct blocked b = {};
          b.start_ns = now;
          b.tgid = pid_tgid >> 32;
          b.kernel_stack = stacks.get_stackid(args, 0);
          b.user_stack = stacks.get_stackid(args, BPF_F_USER_STACK);
          bpf_get_current_comm(&b.comm, sizeof(b.comm));
          blocked.update(&prev, &b);
        }
        u32 next = args->next_pid;
        struct blocked *b = blocked.lookup(&next);
        if (b == 0) {
          return 0;
        }
        struct offcpu_key key = {};
        key.pid = b->tgid;
        key.kernel_stack = b->kernel_stack;
        key.user_stack = b->user_stack;
        __builtin_memcpy(key.comm, b->comm, sizeof(key.comm));
        u64 us = (now - b->start_ns) / 1000;
        blocked.delete(&next);
        u64 zero = 0;
        u64 *total = offcpu.lookup_or_try_init(&key, &zero);
        if (total) {
          __sync_fetch_and_add(total, us);
        }
        return 0;
      }
      """;

  /** {@code struct offcpu_key}. */
  record OffCpuKey(int pid, int kernelStack, int userStack, @FixedSize(16) String comm) {}

  public static void main(String[] args) throws Exception {
    long pid = Profile.number(args, "--pid", -1, "a process id, like 4242");
    Path out = Path.of(Profile.option(args, "--out", "offcpu.html"));
    BpfModule module =
        pid == -1 ? BpfModule.compile(SOURCE) : BpfModule.compile(SOURCE, "-DONLY_PROCESS=" + pid);
    Symbolizer symbolizer = Symbolizer.create();
    try {
      module.attachTracepoint("tracepoint__sched__sched_switch", "sched:sched_switch");
    } catch (RuntimeException e) {
      module.close();
      throw e;
    }
    Runner.run(
        args,
        () ->
            () -> {
              try (module;
                  symbolizer) {
                report(read(module, symbolizer), out);
              }
            });
  }

  /** The time off the CPU per stack, in a profile whose samples are microseconds. */
  static io.ebpf4j.runtime.Profile read(BpfModule module, Symbolizer symbolizer) {
    BpfTable<OffCpuKey, Long> offcpu = module.table("offcpu", OffCpuKey.class, Long.class);
    StackTraceTable stacks = module.stackTraceTable("stacks");
    List<ProfiledStack> result = new ArrayList<>();
    long total = 0;
    for (Map.Entry<OffCpuKey, Long> e : offcpu.entries().entrySet()) {
      OffCpuKey key = e.getKey();
      result.add(
          new ProfiledStack(
              key.pid(),
              key.comm(),
              stacks.kernelStack(key.kernelStack(), symbolizer),
              stacks.userStack(key.pid(), key.userStack(), symbolizer),
              e.getValue()));
      total += e.getValue();
    }
    return new io.ebpf4j.runtime.Profile(result, total, 0, 0);
  }

  static void report(io.ebpf4j.runtime.Profile profile, Path out) throws java.io.IOException {
    FlameGraph.of(profile).title("Off-CPU time (microseconds)").writeHtml(out);
    System.out.printf(
        "%d ms off CPU in all; flame graph (widths in microseconds): %s%n",
        profile.samples() / 1000, out);
    for (ProfiledStack stack : profile.top(TOP)) {
      System.out.printf(
          "%n%d ms off CPU, pid %d (%s)%n", stack.samples() / 1000, stack.pid(), stack.comm());
      List<String> frames = stack.frames().reversed();
      frames.stream().limit(DEPTH).forEach(f -> System.out.println("    " + f));
      if (frames.size() > DEPTH) {
        System.out.println("    ... " + (frames.size() - DEPTH) + " more");
      }
    }
  }
}
