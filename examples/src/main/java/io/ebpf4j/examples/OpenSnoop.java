package io.ebpf4j.examples;

import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.runtime.ProbeRuntime;

/**
 * Prints every openat(2) on the machine as it returns: the process, the file descriptor it got
 * (or -errno) and the path it asked for, with the call's latency.
 *
 * <pre>
 * scripts/run-example.sh OpenSnoop [--duration 10s]
 * PID     COMM             FD   LAT(us) PATH
 * 812     cat              3          9 /etc/hostname
 * </pre>
 */
public class OpenSnoop {

  @Kretprobe(value = "openat", withEntry = true)
  void onOpen(OpenatCallEvent call) {
    System.out.printf(
        "%-7d %-16s %-4d %7d %s%n",
        call.pid(), call.comm(), call.ret(), call.latencyNanos() / 1_000, call.filename());
  }

  public static void main(String[] args) throws Exception {
    Runner.run(
        args,
        () -> {
          // The header first: the delivery thread prints events as soon as the probes attach.
          System.out.printf("%-7s %-16s %-4s %7s %s%n", "PID", "COMM", "FD", "LAT(us)", "PATH");
          return ProbeRuntime.start(OpenSnoop.class);
        });
  }
}
