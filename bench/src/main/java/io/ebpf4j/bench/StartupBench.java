package io.ebpf4j.bench;

import io.ebpf4j.runtime.Probe;
import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * What writing a probe's program at run time adds to {@code start()}: starts the same probe, the
 * {@code syscalls:sys_enter_getppid} tracepoint, as the annotated {@link GetppidProbes} and as
 * {@code Probe.tracepoint(...)} named at run time, alternately in one JVM, and prints each pass
 * and the medians:
 *
 * <pre>
 * startup annotated_ms=.. runtime_ms=.. ratio=.. annotated_cpu_ms=.. runtime_cpu_ms=.. cpu_ratio=..
 *     rounds=..
 * </pre>
 *
 * <p>Each time is {@link ProbeSession#startupTime()}: from the call to every probe attached and
 * polling; for the run-time probe it includes reading the live format and writing the C. Both
 * compile with clang, in this process, which takes nearly all of it. The CPU times are this
 * process's during the call ({@link ProcessCpuClock}): on a shared machine the wall times vary
 * with the others' load, the CPU a start takes much less. One cold pass of each comes first,
 * printed but not counted.
 *
 * <p>Usage: {@code StartupBench [--rounds R]} (default 5), as root.
 */
public final class StartupBench {
  private StartupBench() {}

  public static void main(String[] args) throws Exception {
    int rounds = 5;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rounds") && i + 1 < args.length) {
        rounds = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: StartupBench [--rounds R]");
        return;
      }
    }
    Callable<ProbeSession> annotated = () -> ProbeRuntime.start(GetppidProbes.class);
    Callable<ProbeSession> runtime =
        () -> ProbeRuntime.attach(Probe.tracepoint("syscalls:sys_enter_getppid"), e -> {});
    // Cold: the first of each loads its classes (for the run-time probe, the processor's too).
    System.out.printf(
        "cold annotated_ms=%.1f runtime_ms=%.1f%n", startMillis(annotated), startMillis(runtime));
    double[] a = new double[rounds];
    double[] r = new double[rounds];
    double[] aCpu = new double[rounds];
    double[] rCpu = new double[rounds];
    double[] cpu = new double[1];
    for (int i = 0; i < rounds; i++) {
      // Alternating, so that the other load on the machine falls on both alike.
      a[i] = startMillis(annotated, cpu);
      aCpu[i] = cpu[0];
      r[i] = startMillis(runtime, cpu);
      rCpu[i] = cpu[0];
      System.out.printf(
          "pass %d annotated_ms=%.1f runtime_ms=%.1f annotated_cpu_ms=%.1f runtime_cpu_ms=%.1f%n",
          i + 1, a[i], r[i], aCpu[i], rCpu[i]);
    }
    System.out.printf(
        "startup annotated_ms=%.1f runtime_ms=%.1f ratio=%.3f annotated_cpu_ms=%.1f"
            + " runtime_cpu_ms=%.1f cpu_ratio=%.3f rounds=%d%n",
        median(a), median(r), median(r) / median(a), median(aCpu), median(rCpu),
        median(rCpu) / median(aCpu), rounds);
  }

  private static double startMillis(Callable<ProbeSession> start) throws Exception {
    return startMillis(start, new double[1]);
  }

  /** The start's time, and in {@code cpu[0]} this process's CPU time during the call. */
  private static double startMillis(Callable<ProbeSession> start, double[] cpu) throws Exception {
    long before = ProcessCpuClock.nanos();
    try (ProbeSession session = start.call()) {
      cpu[0] = (ProcessCpuClock.nanos() - before) / 1e6;
      return session.startupTime().toNanos() / 1e6;
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
