package io.ebpf4j.bench;

import io.ebpf4j.runtime.ProbeOptions;
import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;

/**
 * What committing every event to JFR costs: the load generator's getppid() calls through three
 * sessions in one JVM, taken in turn for R rounds after a warm-up round, and printed per round and
 * as medians with their ratios to the first:
 *
 * <ul>
 *   <li>{@code plain}: {@link GetppidProbes}-like handler, no {@code @JfrEvents};
 *   <li>{@code jfr-off}: {@link JfrGetppidProbes}, marked {@code @JfrEvents}, with no recording:
 *       the committer reads one flag per event;
 *   <li>{@code jfr-on}: the same, while a recording to disk has {@code
 *       ebpf4j.SysEnterGetppidEvent} enabled: an event object, its strings and the commit.
 * </ul>
 *
 * <p>{@code ns_per_event} is this process's CPU time ({@link ProcessCpuClock}) from the release of
 * the load generator until every event is delivered, over the events; {@code events_per_s} is the
 * events over the time to the last delivery (the producer's rate while the consumer keeps up).
 *
 * <p>Usage: {@code JfrBench --loadgen PATH [-n N] [--rounds R]}.
 */
public final class JfrBench {
  private JfrBench() {}

  /** The handler of the {@code plain} sessions: the same work as {@link JfrGetppidProbes}. */
  public static class PlainProbes {
    long events;

    @io.ebpf4j.api.Tracepoint("syscalls:sys_enter_getppid")
    void on(SysEnterGetppidEvent e) {
      events++;
    }
  }

  public static void main(String[] args) throws Exception {
    String loadgen = null;
    long n = 1_000_000;
    int rounds = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--loadgen" -> loadgen = args[++i];
        case "-n" -> n = Long.parseLong(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (loadgen == null) {
      throw new IllegalArgumentException("usage: JfrBench --loadgen PATH [-n N] [--rounds R]");
    }
    String[] variants = {"plain", "jfr-off", "jfr-on"};
    Map<String, List<long[]>> results = new LinkedHashMap<>();
    for (String v : variants) {
      results.put(v, new ArrayList<>());
    }
    Path dir = Files.createTempDirectory("ebpf4j-jfr-bench");
    for (int round = 0; round <= rounds; round++) {
      for (String variant : variants) {
        long[] r = run(loadgen, n, variant, dir.resolve("round" + round + ".jfr"));
        if (round == 0) {
          continue; // warm-up: the JIT compiles the delivery path of each variant
        }
        results.get(variant).add(r);
        System.out.printf(
            "round=%d variant=%s delivered=%d lost=%d ns_per_event=%d events_per_s=%d%n",
            round, variant, r[0], r[1], r[2], r[3]);
      }
    }
    long basePer = median(results.get("plain"), 2);
    long baseRate = median(results.get("plain"), 3);
    for (String variant : variants) {
      long per = median(results.get(variant), 2);
      long rate = median(results.get(variant), 3);
      System.out.printf(
          "median variant=%s ns_per_event=%d events_per_s=%d cpu_ratio=%.2f rate_ratio=%.2f%n",
          variant, per, rate, (double) per / basePer, (double) rate / baseRate);
    }
  }

  private static long median(List<long[]> rows, int column) {
    long[] values = rows.stream().mapToLong(r -> r[column]).sorted().toArray();
    return values.length == 0 ? 0 : values[values.length / 2];
  }

  /** {delivered, lost, cpu ns per event, events per second}. */
  private static long[] run(String loadgen, long n, String variant, Path file) throws Exception {
    Process generator = new ProcessBuilder(loadgen, Long.toString(n))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Recording recording = null;
    try {
      BufferedReader stdout =
          new BufferedReader(
              new InputStreamReader(generator.getInputStream(), StandardCharsets.US_ASCII));
      String ready = stdout.readLine();
      long pid =
          Long.parseLong(
              Arrays.stream(ready.trim().split("\\s+"))
                  .filter(f -> f.startsWith("pid="))
                  .findFirst()
                  .orElseThrow(() -> new IllegalStateException("no pid= in " + ready))
                  .substring(4));
      Object handler = variant.equals("plain") ? new PlainProbes() : new JfrGetppidProbes();
      if (variant.equals("jfr-on")) {
        recording = new Recording();
        recording.enable("ebpf4j.SysEnterGetppidEvent");
        recording.setToDisk(true);
        recording.setDestination(file);
        recording.start();
      }
      ProbeSession session =
          ProbeRuntime.start(handler, ProbeOptions.defaults().withOnlyProcess(pid));
      long cpu;
      long released;
      long last;
      try (session) {
        long cpuBefore = ProcessCpuClock.nanos();
        try (OutputStream go = generator.getOutputStream()) {
          released = System.nanoTime();
          go.write('g');
        }
        long seen = 0;
        last = released;
        while (generator.isAlive() || session.deliveredEvents() + session.lostEvents() < n) {
          long delivered = session.deliveredEvents();
          if (delivered != seen) {
            seen = delivered;
            last = System.nanoTime();
          }
          if (System.nanoTime() - released > TimeUnit.SECONDS.toNanos(300)) {
            throw new IllegalStateException("not done after 300 s");
          }
          TimeUnit.MILLISECONDS.sleep(10);
        }
        if (session.deliveredEvents() != seen) {
          last = System.nanoTime();
        }
        cpu = ProcessCpuClock.nanos() - cpuBefore;
      }
      long delivered = session.deliveredEvents();
      double seconds = Math.max(last - released, 1) / 1e9;
      return new long[] {
        delivered, session.lostEvents(), delivered > 0 ? cpu / delivered : 0,
        Math.round(delivered / seconds)
      };
    } finally {
      if (recording != null) {
        recording.close();
      }
      generator.destroyForcibly();
      Files.deleteIfExists(file);
    }
  }
}
