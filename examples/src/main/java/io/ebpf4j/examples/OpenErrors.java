package io.ebpf4j.examples;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.runtime.ProbeRuntime;
import java.util.Comparator;
import java.util.Map;

/**
 * Counts the failed openat(2) calls on the machine by command and errno, and prints the counts
 * when it stops. Both run in the kernel: the filter {@code ret < 0} drops the successful opens,
 * most of them, and the count by command and return value keeps no event per open; Java reads
 * the counts once, at close.
 *
 * <pre>
 * scripts/run-example.sh OpenErrors [--duration 10s]
 * COMM             ERRNO               COUNT
 * systemd-journal  ENOENT (2)             42
 * cron             EACCES (13)             3
 * </pre>
 */
public class OpenErrors {

  /** The names of the errors an open commonly fails with; errno(3) has them all. */
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(6, "ENXIO"),
          Map.entry(11, "EAGAIN"), Map.entry(13, "EACCES"), Map.entry(17, "EEXIST"),
          Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"),
          Map.entry(22, "EINVAL"), Map.entry(24, "EMFILE"), Map.entry(26, "ETXTBSY"),
          Map.entry(30, "EROFS"), Map.entry(36, "ENAMETOOLONG"), Map.entry(40, "ELOOP"));

  /** The counts, most first, as a table: called once, when the session closes. */
  @Kretprobe(value = "openat", filter = "ret < 0")
  @Aggregate(value = Aggregate.Kind.COUNT, by = {"comm", "ret"})
  void failures(Map<OpenatReturnByCommRet, Long> counts) {
    System.out.printf("%-16s %-16s %8s%n", "COMM", "ERRNO", "COUNT");
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<OpenatReturnByCommRet, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(entry -> entry.getKey().comm()))
        .forEach(
            entry ->
                System.out.printf(
                    "%-16s %-16s %8d%n",
                    entry.getKey().comm(),
                    describe((int) -entry.getKey().ret()),
                    entry.getValue()));
  }

  private static String describe(int errno) {
    return NAMES.getOrDefault(errno, "errno") + " (" + errno + ")";
  }

  public static void main(String[] args) throws Exception {
    Runner.run(args, () -> ProbeRuntime.start(OpenErrors.class));
  }
}
