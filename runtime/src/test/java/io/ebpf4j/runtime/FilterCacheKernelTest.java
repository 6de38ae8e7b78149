package io.ebpf4j.runtime;

import static io.ebpf4j.runtime.FilterKernelTest.awaitCount;
import static io.ebpf4j.runtime.FilterKernelTest.failToOpen;
import static io.ebpf4j.runtime.FilterKernelTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start filtered to one process and a start filtered to another share one cached program: the
 * filter's value is written into a map at start, not compiled in, and the program loaded from
 * the cache still keeps only its own process's events. Each workload ends with an event the
 * filter keeps (a sentinel) after the ones it drops, so the dropped ones would have come first.
 */
@RequiresKernel
class FilterCacheKernelTest {
  private static final String MISSING = "/nonexistent-ebpf4j/filter-cache-";
  private static final long OUR_PID = ProcessHandle.current().pid();

  @TempDir Path directory;

  @Test
  void aStartFilteredToAnotherProcessLoadsFromTheCacheAndKeepsOnlyThatProcess()
      throws Exception {
    ProgramCache cache =
        new ProgramCache(directory, ProgramCache.DEFAULT_MAX_BYTES, CompileEnvironment::host);
    Platform platform = CachedStart.platform(cache);

    FilterProbes.AllOpens ours = new FilterProbes.AllOpens();
    try (ProbeSession session = start(ours, OUR_PID, platform)) {
      runToEnd("cat", MISSING + "child-1");
      FilterKernelTest.onThread("ebpf4j-cache-1", () -> failToOpen(MISSING + "ours-1"));
      List<OpenatEvent> events = untilSentinel(ours, MISSING + "ours-1");
      assertTrue(
          events.stream().allMatch(e -> e.pid() == OUR_PID), "only ours: " + sample(events));
      assertFalse(filenames(events).contains(MISSING + "child-1"), sample(events));
    }
    assertEquals(List.of(0, 1), List.of(cache.hits(), cache.stores()), "a cold start, stored");

    // The child waits for a line, then becomes cat (same pid) and opens its missing file.
    Process child =
        new ProcessBuilder("sh", "-c", "read go; exec cat " + MISSING + "child-2")
            .redirectErrorStream(true)
            .start();
    try {
      FilterProbes.AllOpens theirs = new FilterProbes.AllOpens();
      try (ProbeSession session = start(theirs, child.pid(), platform)) {
        assertEquals(1, cache.hits(), "the second start, for another pid, loads from the cache");
        FilterKernelTest.onThread("ebpf4j-cache-2", () -> failToOpen(MISSING + "ours-2"));
        try (OutputStream go = child.getOutputStream()) {
          go.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not finish in 30 s");
        List<OpenatEvent> events = untilSentinel(theirs, MISSING + "child-2");
        assertTrue(
            events.stream().allMatch(e -> e.pid() == child.pid()),
            "only the child's, pid " + child.pid() + ": " + sample(events));
        assertFalse(filenames(events).contains(MISSING + "ours-2"), sample(events));
        assertEquals(0, session.stats().lost(), session.stats().toString());
      }
    } finally {
      child.destroyForcibly();
    }
  }

  private static ProbeSession start(FilterProbes.AllOpens probes, long pid, Platform platform) {
    return ProbeSession.start(
        ProbeRuntime.programFor(FilterProbes.AllOpens.class),
        probes,
        ProbeOptions.defaults().withOnlyProcess(pid),
        platform);
  }

  /** The events up to the sentinel's open of {@code file}. */
  private static List<OpenatEvent> untilSentinel(FilterProbes.AllOpens probes, String file)
      throws InterruptedException {
    awaitCount(probes.events, e -> e.filename().equals(file), 1);
    return List.copyOf(probes.events);
  }

  private static Set<String> filenames(List<OpenatEvent> events) {
    return events.stream().map(OpenatEvent::filename).collect(Collectors.toSet());
  }

  /** Runs {@code command}, which must fail to open a missing file, to its end. */
  private static void runToEnd(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(1, process.waitFor(), String.join(" ", command) + " said: " + output);
    assertTrue(output.contains("No such file"), output);
  }
}
