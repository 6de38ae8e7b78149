package io.ebpf4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code print_summary} of {@code bench/run.sh}, fed result lines of three made-up runs whose
 * medians would tell a different story than their per-run ratios.
 */
class RunSummaryTest {
  /**
   * Per run, ebpf4j's CPU per event is 100, 200, 1000 ns and bcc's ring buffer's 300, 200, 10000:
   * the per-run ratios are 3, 1 and 10, their median 3; the ratio of the medians would be 1.
   * Producer cost: no probe 100, 300, 100 ns; ebpf4j 400, 600, 400; bcc 700, 900, 700. The
   * overheads above the same run's no-probe cost are 300 and 600 in every run, ratio 2. In run 2
   * the no-probe cost measured just before each consumer (300) differs from the one at the start
   * of the run (999): the one next to the consumer counts.
   */
  private static final List<String> RUNS =
      List.of(
          line(1, "no-probe", "producer_ns_per_call=100"),
          line(1, "bcc-python-ringbuf", counts(1000, 0) + " consumer_cpu_ns_per_event=300 producer_ns_per_call=700"),
          line(1, "ebpf4j", counts(1000, 0) + " consumer_cpu_ns_per_event=100 producer_ns_per_call=400"),
          line(2, "no-probe", "producer_ns_per_call=999"),
          line(2, "bcc-python-ringbuf", counts(900, 100) + " consumer_cpu_ns_per_event=200 producer_ns_per_call=900 noprobe_ns_per_call=300"),
          line(2, "ebpf4j", counts(1000, 0) + " consumer_cpu_ns_per_event=200 producer_ns_per_call=600 noprobe_ns_per_call=300"),
          line(3, "no-probe", "producer_ns_per_call=100"),
          line(3, "bcc-python-ringbuf", counts(1000, 0) + " consumer_cpu_ns_per_event=10000 producer_ns_per_call=700"),
          // One event neither delivered nor counted lost.
          line(3, "ebpf4j", counts(999, 0) + " consumer_cpu_ns_per_event=1000 producer_ns_per_call=400"));

  @TempDir Path dir;

  @Test
  void givesTheMedianOfPerRunRatiosNotTheRatioOfMedians() throws Exception {
    String summary = summarize();
    assertTrue(
        summary.contains(
            "bcc-python-ringbuf / ebpf4j: cpu per event 3.00x (runs: 3.00 1.00 10.00)"),
        summary);
  }

  @Test
  void takesTheOverheadAboveTheNoProbeCostMeasuredNextToIt() throws Exception {
    String summary = summarize();
    assertTrue(summary.contains("overhead 2.00x (runs: 2.00 2.00 2.00)"), summary);
  }

  @Test
  void flagsEventsNeitherDeliveredNorCountedLost() throws Exception {
    List<String> run3 = section(summarize(), "== run 3, load single");
    assertEquals("NO", column(run3, "ebpf4j", 5), String.join("\n", run3));
    assertEquals("OK", column(run3, "bcc-python-ringbuf", 5), String.join("\n", run3));
  }

  private static String line(int run, String impl, String fields) {
    return "run=" + run + " load=single impl=" + impl + " " + fields;
  }

  private static String counts(long delivered, long lost) {
    return "produced=1000 delivered=" + delivered + " lost=" + lost + " lost_reported=" + lost;
  }

  private String summarize() throws IOException, InterruptedException {
    Path results = Files.write(dir.resolve("results.txt"), RUNS, StandardCharsets.US_ASCII);
    // Surefire runs in the module's directory, next to run.sh; sourcing it defines, not runs.
    Process bash =
        new ProcessBuilder("bash", "-c", "source ./run.sh && print_summary \"$0\"", results.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "print_summary did not finish");
    assertEquals(0, bash.exitValue(), out);
    return out;
  }

  /** The lines after the one starting with {@code header}, up to the next "==" line. */
  private static List<String> section(String summary, String header) {
    List<String> lines = summary.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(header)) {
        start = i + 1;
      }
    }
    assertTrue(start > 0, "no " + header + " in\n" + summary);
    int end = start;
    while (end < lines.size() && !lines.get(end).startsWith("==")) {
      end++;
    }
    return lines.subList(start, end);
  }

  /** Column {@code index} (0 = impl) of the table row of {@code impl}. */
  private static String column(List<String> table, String impl, int index) {
    for (String row : table) {
      String[] cells = row.trim().split("\\s+");
      if (cells[0].equals(impl)) {
        return cells[index];
      }
    }
    throw new AssertionError("no row for " + impl + " in\n" + String.join("\n", table));
  }
}
