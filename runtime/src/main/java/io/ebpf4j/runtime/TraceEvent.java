package io.ebpf4j.runtime;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the kernel's {@code trace_pipe}, split into its fields as bcc's {@code
 * trace_fields()} does. For a line such as
 *
 * <pre>
 *   bash-4191    [001] d..31  6243.572115: bpf_trace_printk: Hello, World!
 * </pre>
 *
 * the task is {@code bash}, the pid 4191, the cpu 1, the flags {@code d..31}, the timestamp
 * 6243.572115 seconds since boot, and the message {@code Hello, World!}.
 *
 * @param flags the irq-info flags, or an empty string when the kernel prints none
 */
public record TraceEvent(
    String task, int pid, int cpu, String flags, double timestampSeconds, String message) {

  // task-pid, an optional "( tgid)", [cpu], optional flags, timestamp:, optional "function:",
  // message. Task names may hold spaces and dashes, so the pid is the last "-digits" before "[".
  private static final Pattern LINE =
      Pattern.compile(
          "^\\s*(.+)-(\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[(\\d+)\\]\\s+(?:(\\S+)\\s+)?"
              + "(\\d+\\.\\d+):\\s+(?:[\\w.]+:\\s)?(.*)$");

  /** Parses one {@code trace_pipe} line; empty for lines of another shape, such as lost-event notes. */
  public static Optional<TraceEvent> parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new TraceEvent(
            m.group(1).strip(),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            m.group(4) == null ? "" : m.group(4),
            Double.parseDouble(m.group(5)),
            m.group(6)));
  }
}
