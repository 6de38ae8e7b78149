package io.ebpf4j.bench;

import io.ebpf4j.runtime.Profile;
import io.ebpf4j.runtime.Profiler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * What sampling at 99 Hz costs a CPU-bound workload: the CPU time of one thread per unit of
 * fixed work, without profiling and with a {@link Profiler} on this process, alternating in the
 * same run so that the machine's drift hits both alike. Prints each pair's ratio and their
 * median; asserts nothing.
 *
 * <pre>
 * pair=1 off_ns_per_unit=.. on_ns_per_unit=.. ratio=1.0031 samples=..
 * ...
 * median_ratio=1.0012 pairs=8 hz=99
 * </pre>
 *
 * <p>Each sample runs the BPF program in the timer's interrupt on the sampled CPU, so its cost
 * lands in the CPU time of whichever thread it interrupted: the worker's, when it is the one
 * sampled. The thread's CPU clock ({@code CLOCK_THREAD_CPUTIME_ID}) counts it there.
 *
 * <p>Usage: {@code ProfileOverheadBench [--pairs 8] [--units 20] [--hz 99]}. Needs root.
 */
public final class ProfileOverheadBench {
  /** One unit of work: a fixed number of multiply-adds, some 50 ms of one core here. */
  private static final long UNIT = 60_000_000L;

  private static volatile long sink;

  private ProfileOverheadBench() {}

  public static void main(String[] args) {
    int pairs = 8;
    int units = 20;
    int hz = Profiler.DEFAULT_HZ;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pairs" -> pairs = Integer.parseInt(args[++i]);
        case "--units" -> units = Integer.parseInt(args[++i]);
        case "--hz" -> hz = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; usage: [--pairs 8] [--units 20] [--hz 99]");
      }
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long pid = ProcessHandle.current().pid();
    // Warm up: the JIT compiles work() before anything is measured.
    perUnit(threads, units);
    List<Double> ratios = new ArrayList<>();
    for (int pair = 1; pair <= pairs; pair++) {
      // Alternate which goes first, so that a trend within a pair favours neither.
      boolean onFirst = pair % 2 == 0;
      double off = 0;
      double on = 0;
      long samples = 0;
      for (int half = 0; half < 2; half++) {
        if ((half == 0) == onFirst) {
          try (Profiler profiler = Profiler.start(hz, pid)) {
            on = perUnit(threads, units);
            Profile profile = profiler.profile();
            samples = profile.samples();
          }
        } else {
          off = perUnit(threads, units);
        }
      }
      double ratio = on / off;
      ratios.add(ratio);
      System.out.printf(
          "pair=%d off_ns_per_unit=%.0f on_ns_per_unit=%.0f ratio=%.4f samples=%d%n",
          pair, off, on, ratio, samples);
    }
    ratios.sort(null);
    double median =
        ratios.size() % 2 == 1
            ? ratios.get(ratios.size() / 2)
            : (ratios.get(ratios.size() / 2 - 1) + ratios.get(ratios.size() / 2)) / 2;
    System.out.printf("median_ratio=%.4f pairs=%d hz=%d%n", median, pairs, hz);
  }

  /** The worker thread's CPU nanoseconds per unit, over {@code units} units. */
  private static double perUnit(ThreadMXBean threads, int units) {
    long start = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < units; i++) {
      sink += work(UNIT);
    }
    return (threads.getCurrentThreadCpuTime() - start) / (double) units;
  }

  private static long work(long n) {
    long x = 0;
    for (long i = 0; i < n; i++) {
      x = x * 6364136223846793005L + i;
    }
    return x;
  }
}
