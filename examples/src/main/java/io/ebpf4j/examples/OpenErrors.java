package io.ebpf4j.examples;

import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the failed openat(2) calls on the machine by command and errno, and prints the counts
 * when it stops. The filter {@code ret < 0} runs in the kernel: successful opens, most of them,
 * never reach user space.
 *
 * <p>The kernel streams each failed open and this class counts them in Java. Counting in the
 * kernel instead, with no event per open, is the work of ebpf4j's aggregations; this example may
 * move to one once they land.
 *
 * <pre>
 * scripts/run-example.sh OpenErrors [--duration 10s]
 * COMM             ERRNO               COUNT
 * systemd-journal  ENOENT (2)             42
 * cron             EACCES (13)             3
 * </pre>
 */
public class OpenErrors {

  /** One row of the table. */
  record Key(String comm, int errno) {}

  /** The names of the errors an open commonly fails with; errno(3) has them all. */
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(6, "ENXIO"),
          Map.entry(11, "EAGAIN"), Map.entry(13, "EACCES"), Map.entry(17, "EEXIST"),
          Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"),
          Map.entry(22, "EINVAL"), Map.entry(24, "EMFILE"), Map.entry(26, "ETXTBSY"),
          Map.entry(30, "EROFS"), Map.entry(36, "ENAMETOOLONG"), Map.entry(40, "ELOOP"));

  private final Map<Key, Long> counts = new ConcurrentHashMap<>();

  @Kretprobe(value = "openat", filter = "ret < 0")
  void onFailure(OpenatReturnEvent e) {
    counts.merge(new Key(e.comm(), (int) -e.ret()), 1L, Long::sum);
  }

  /** The counts, most first, as a table. */
  void print() {
    System.out.printf("%-16s %-16s %8s%n", "COMM", "ERRNO", "COUNT");
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<Key, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(entry -> entry.getKey().comm()))
        .forEach(
            entry ->
                System.out.printf(
                    "%-16s %-16s %8d%n",
                    entry.getKey().comm(), describe(entry.getKey().errno()), entry.getValue()));
  }

  private static String describe(int errno) {
    return NAMES.getOrDefault(errno, "errno") + " (" + errno + ")";
  }

  public static void main(String[] args) throws Exception {
    Runner.run(
        args,
        () -> {
          OpenErrors errors = new OpenErrors();
          ProbeSession session = ProbeRuntime.start(errors);
          return () -> {
            session.close(); // every event the kernel let through is counted by now
            errors.print();
          };
        });
  }
}
