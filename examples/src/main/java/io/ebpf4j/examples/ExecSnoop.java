package io.ebpf4j.examples;

import io.ebpf4j.api.Tracepoint;
import io.ebpf4j.runtime.ProbeRuntime;

/**
 * Prints every program that starts on the machine, from the {@code sched:sched_process_exec}
 * tracepoint.
 *
 * <pre>
 * scripts/run-example.sh ExecSnoop [--duration 10s]
 * PID     COMM             PATH
 * 9120    ls               /usr/bin/ls
 * </pre>
 */
public class ExecSnoop {

  @Tracepoint("sched:sched_process_exec")
  void onExec(SchedProcessExecEvent exec) {
    System.out.printf("%-7d %-16s %s%n", exec.pid(), exec.comm(), exec.filename());
  }

  public static void main(String[] args) throws Exception {
    Runner.run(
        args,
        () -> {
          // The header first: the delivery thread prints events as soon as the probes attach.
          System.out.printf("%-7s %-16s %s%n", "PID", "COMM", "PATH");
          return ProbeRuntime.start(ExecSnoop.class);
        });
  }
}
