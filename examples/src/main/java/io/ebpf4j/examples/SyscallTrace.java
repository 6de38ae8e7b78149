package io.ebpf4j.examples;

import io.ebpf4j.runtime.Ebpf4jException;
import io.ebpf4j.runtime.EventField;
import io.ebpf4j.runtime.Probe;
import io.ebpf4j.runtime.ProbeEvent;
import io.ebpf4j.runtime.ProbeOptions;
import io.ebpf4j.runtime.ProbeRuntime;
import java.util.StringJoiner;

/**
 * Traces the system call or tracepoint named on the command line, printing every event's fields
 * as {@code name=value}, as bcc's {@code trace} does: the probe is named at run time, and its
 * fields come from the running kernel's format.
 *
 * <pre>
 * scripts/run-example.sh SyscallTrace openat [--filter-pid N] [--duration 10s]
 * PID     TID     COMM             PROBE
 * 812     812     cat              openat dfd=-100 filename=/etc/hostname flags=524288 mode=0
 *
 * scripts/run-example.sh SyscallTrace sched:sched_process_exec
 * 815     815     true             sched:sched_process_exec filename=/bin/true pid=815 old_pid=815
 * </pre>
 */
public class SyscallTrace {
  static final String USAGE =
      "usage: SyscallTrace <syscall|category:tracepoint> [--filter-pid N] [--duration 10s]";

  public static void main(String[] args) throws Exception {
    String name = null;
    ProbeOptions options = ProbeOptions.defaults();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--filter-pid") && i + 1 < args.length) {
        try {
          options = options.withOnlyProcess(Long.parseLong(args[++i]));
        } catch (IllegalArgumentException e) {
          System.err.println(
              "SyscallTrace: --filter-pid takes a process id; got `" + args[i] + "`");
          return;
        }
      } else if (args[i].equals("--duration")) {
        i++; // Runner reads it
      } else if (!args[i].startsWith("--") && name == null) {
        name = args[i];
      } else if (!args[i].startsWith("--duration=")) {
        System.err.println("SyscallTrace: unexpected `" + args[i] + "`; " + USAGE);
        return;
      }
    }
    if (name == null) {
      System.err.println(USAGE);
      return;
    }
    ProbeOptions chosen = options;
    String target = name;
    try {
      Probe probe = target.contains(":") ? Probe.tracepoint(target) : Probe.syscall(target);
      Runner.run(
          args,
          () -> {
            // Before attaching: the first events may arrive before attach returns.
            System.out.printf("%-7s %-7s %-16s %s%n", "PID", "TID", "COMM", "PROBE");
            return ProbeRuntime.attach(probe, SyscallTrace::print, chosen);
          });
    } catch (Ebpf4jException | IllegalArgumentException e) {
      System.err.println("SyscallTrace: " + e.getMessage());
    }
  }

  static void print(ProbeEvent e) {
    StringJoiner fields = new StringJoiner(" ");
    for (EventField field : e.fields()) {
      fields.add(field.name() + "=" + e.text(field.name()));
    }
    System.out.printf(
        "%-7d %-7d %-16s %s %s%n", e.pid(), e.tid(), e.comm(), e.probe().target(), fields);
  }
}
