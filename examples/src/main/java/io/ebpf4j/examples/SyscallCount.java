package io.ebpf4j.examples;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Tracepoint;
import io.ebpf4j.runtime.ProbeRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts system calls in the kernel, by process and call, like bcc's {@code syscount -P}, and
 * prints the top ones when it stops: nothing is sent to Java per call.
 *
 * <pre>
 * scripts/run-example.sh SyscallCount [--duration 10s]
 * PID     COMM             SYSCALL              COUNT
 * 812     java             futex                 4032
 * </pre>
 */
public class SyscallCount {

  /** How many rows to print. */
  static final int TOP = 10;

  private static final Map<Long, String> NAMES = syscallNames();

  @Tracepoint("raw_syscalls:sys_enter")
  @Aggregate(value = Aggregate.Kind.COUNT, by = {"pid", "comm", "id"})
  void calls(Map<SysEnterByPidCommId, Long> counts) {
    System.out.printf("%-7s %-16s %-20s %8s%n", "PID", "COMM", "SYSCALL", "COUNT");
    counts.entrySet().stream()
        .sorted(Map.Entry.<SysEnterByPidCommId, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(e -> e.getKey().toString()))
        .limit(TOP)
        .forEach(e -> System.out.printf("%-7d %-16s %-20s %8d%n", e.getKey().pid(),
            e.getKey().comm(), NAMES.getOrDefault(e.getKey().id(), "#" + e.getKey().id()),
            e.getValue()));
  }

  /** The names of the system calls by number, from the kernel headers if they are installed. */
  private static Map<Long, String> syscallNames() {
    Map<Long, String> names = new HashMap<>();
    Pattern define = Pattern.compile("#define __NR_(\\w+)\\s+(\\d+)");
    for (String header :
        new String[] {
          "/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h"
        }) {
      try {
        for (String line : Files.readAllLines(Path.of(header))) {
          Matcher m = define.matcher(line);
          if (m.matches()) {
            names.put(Long.parseLong(m.group(2)), m.group(1));
          }
        }
        break;
      } catch (IOException e) {
        // not installed here: try the next, else print numbers
      }
    }
    return names;
  }

  public static void main(String[] args) throws Exception {
    Runner.run(args, () -> ProbeRuntime.start(SyscallCount.class));
  }
}
