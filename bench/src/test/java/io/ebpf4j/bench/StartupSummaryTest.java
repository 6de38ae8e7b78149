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
 * {@code print_startup} of {@code bench/run.sh}, fed the lines of three made-up start-up runs. In
 * every run bcc-Python starts in 400 ms of wall time and 300 ms of CPU, with 150 MB of RSS of
 * which 16 MB are its mappings of BPF maps; ebpf4j's cached start takes 8, 20 and 16 ms (ratios
 * 0.02, 0.05, 0.04: median 0.04), 6, 15 and 12 ms of CPU, and 70 MB with 8 MB of maps.
 */
class StartupSummaryTest {
  private static final String BCC =
      "impl=bcc-python start_ms=400 start_cpu_ms=300 rss_mb=150 rss_before_mb=73 rss_bpf_maps_mb=16";
  private static final String EMPTY =
      "impl=bcc-python-empty start_ms=360 start_cpu_ms=270 rss_mb=128 rss_before_mb=73 rss_bpf_maps_mb=0";

  private static String cached(int ms, int cpuMs) {
    return "impl=ebpf4j-cached start_ms=" + ms + " start_cpu_ms=" + cpuMs
        + " first_start_ms=200 once_ms=" + (200 - ms) + " link_ms=40 other_once_ms=" + (160 - ms)
        + " classes_first=840 rss_mb=70 rss_before_mb=42 rss_bpf_maps_mb=8";
  }

  private static final String COLD =
      "impl=ebpf4j-cold start_ms=320 start_cpu_ms=270 first_start_ms=700 once_ms=380 link_ms=200"
          + " other_once_ms=180 classes_first=1228 rss_mb=105 rss_before_mb=42 rss_bpf_maps_mb=8";

  private static final List<String> RUNS =
      List.of(
          "run=1 " + COLD, "run=1 " + cached(8, 6), "run=1 " + BCC, "run=1 " + EMPTY,
          "run=2 " + COLD, "run=2 " + cached(20, 15), "run=2 " + BCC, "run=2 " + EMPTY,
          "run=3 " + COLD, "run=3 " + cached(16, 12), "run=3 " + BCC, "run=3 " + EMPTY);

  @TempDir Path dir;

  @Test
  void givesTheMedianOfPerRunRatiosAgainstBccPython() throws Exception {
    String summary = summarize();
    assertTrue(summary.contains("cached/bcc start 0.040x (goal <= 0.05x), cold/bcc start 0.80x"), summary);
    assertTrue(summary.contains("start cpu: cached/bcc 0.040x, cold/bcc 0.90x"), summary);
    assertTrue(summary.contains("cached/bcc rss 0.47x (goal <= 0.5x), cold/bcc rss 0.70x"), summary);
  }

  /** (70 - 8) / (150 - 16) and (105 - 8) / (150 - 16). */
  @Test
  void setsTheMappedBpfMapsApartOnBothSides() throws Exception {
    assertTrue(summarize().contains("rss less maps: cached/bcc 0.46x, cold/bcc 0.72x"));
  }

  @Test
  void reportsTheFloorOfACompileThroughBcc() throws Exception {
    assertTrue(summarize().contains("bcc-python on an empty function: start 0.90x, cpu 0.90x"));
  }

  @Test
  void leavesOutTheAotRowWhenNoRunHasIt() throws Exception {
    String summary = summarize();
    assertTrue(!summary.contains("with an AOT cache"), summary);
  }

  private String summarize() throws IOException, InterruptedException {
    Path results = Files.write(dir.resolve("startup.txt"), RUNS, StandardCharsets.US_ASCII);
    // Surefire runs in the module's directory, next to run.sh; sourcing it defines, not runs.
    Process bash =
        new ProcessBuilder("bash", "-c", "source ./run.sh && print_startup \"$0\"", results.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(bash.waitFor(60, TimeUnit.SECONDS), "print_startup did not finish");
    assertEquals(0, bash.exitValue(), out);
    return out;
  }
}
