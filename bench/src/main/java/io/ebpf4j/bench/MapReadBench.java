package io.ebpf4j.bench;

import io.ebpf4j.runtime.BpfModule;
import io.ebpf4j.runtime.BpfTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The map-read pass of {@code bench/run.sh}: makes a hash of u64 to u64 through the passthrough,
 * fills it with {@code --keys} entries from Java, and times reading all of it into a {@code
 * Map<Long, Long>}, by batches ({@link BpfTable#entries()}) and by walking the keys ({@link
 * BpfTable#keys()}, then {@link BpfTable#get} of each). Then it runs {@code bench/map_read_bcc.py},
 * which opens the very same map, pinned at {@code --pin}, and times bcc-Python's {@code
 * table.items()}. Prints one line per reader and the ratios of the medians:
 *
 * <pre>
 * impl=ebpf4j-map-batch keys=10000 median_ms=.. min_ms=.. max_ms=.. reps=R
 * impl=ebpf4j-map-keys-get keys=10000 ...
 * impl=bcc-python-map-items keys=10000 ...
 * map_read_ratio bcc_items_over_batch=..x bcc_items_over_keys_get=..x
 * </pre>
 *
 * <p>The pin needs a bpf file system at the pin's directory; {@code run.sh} runs this in a mount
 * namespace of its own with one mounted, so that the machine's {@code /sys/fs/bpf} is not touched.
 * Each Java reader reads three times to warm up, bcc-Python once, then {@code --reps} times.
 *
 * <p>Usage: {@code MapReadBench --script PATH [--python /usr/bin/python3] [--keys 10000] [--reps 7]
 * [--pin /sys/fs/bpf/ebpf4j_map_bench]}.
 */
public final class MapReadBench {
  private static final long PYTHON_TIMEOUT_S = 300;

  private MapReadBench() {}

  public static void main(String[] args) throws Exception {
    String script = null;
    String python = "/usr/bin/python3";
    int keys = 10_000;
    int reps = 7;
    String pin = "/sys/fs/bpf/ebpf4j_map_bench_" + ProcessHandle.current().pid();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--script" -> script = args[++i];
        case "--python" -> python = args[++i];
        case "--keys" -> keys = Integer.parseInt(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--pin" -> pin = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (script == null) {
      throw new IllegalArgumentException("--script PATH (bench/map_read_bcc.py) is required");
    }
    int maxEntries = keys + keys / 4;
    String source =
        "BPF_TABLE_PINNED(\"hash\", u64, u64, big, " + maxEntries + ", \"" + pin + "\");";
    try (BpfModule module = BpfModule.compile(source)) {
      BpfTable<Long, Long> big = module.table("big", Long.class, Long.class);
      big.clear();
      for (long k = 0; k < keys; k++) {
        big.put(k * 7919 + 3, k);
      }
      Timing batch = time(reps, keys, () -> big.entries());
      Timing keysGet =
          time(
              reps,
              keys,
              () -> {
                Map<Long, Long> read = new HashMap<>();
                for (Long key : big.keys()) {
                  big.get(key).ifPresent(value -> read.put(key, value));
                }
                return read;
              });
      System.out.println(batch.line("ebpf4j-map-batch", keys, reps));
      System.out.println(keysGet.line("ebpf4j-map-keys-get", keys, reps));
      String bcc = runPython(python, script, pin, maxEntries, reps);
      System.out.println(bcc);
      double bccMedian = Double.parseDouble(field(bcc, "median_ms"));
      System.out.printf(
          "map_read_ratio bcc_items_over_batch=%.1fx bcc_items_over_keys_get=%.1fx%n",
          bccMedian / batch.medianMs(), bccMedian / keysGet.medianMs());
    } finally {
      Files.deleteIfExists(Path.of(pin));
    }
  }

  /** The read's wall times in ms, sorted, after three warm-up reads. */
  private record Timing(double[] ms) {
    double medianMs() {
      return ms[ms.length / 2];
    }

    String line(String impl, int keys, int reps) {
      return String.format(
          "impl=%s keys=%d median_ms=%.3f min_ms=%.3f max_ms=%.3f reps=%d",
          impl, keys, medianMs(), ms[0], ms[ms.length - 1], reps);
    }
  }

  private interface Read {
    Map<Long, Long> read();
  }

  private static Timing time(int reps, int keys, Read read) {
    for (int i = 0; i < 3; i++) {
      check(read.read(), keys); // warm-up: the JIT compiles the read path
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long start = System.nanoTime();
      Map<Long, Long> entries = read.read();
      ms[i] = (System.nanoTime() - start) / 1e6;
      check(entries, keys);
    }
    Arrays.sort(ms);
    return new Timing(ms);
  }

  private static void check(Map<Long, Long> entries, int keys) {
    if (entries.size() != keys) {
      throw new IllegalStateException("read " + entries.size() + " entries, not " + keys);
    }
  }

  private static String runPython(
      String python, String script, String pin, int maxEntries, int reps)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            python,
            script,
            "--pin",
            pin,
            "--max-entries",
            Integer.toString(maxEntries),
            "--reps",
            Integer.toString(reps));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    }
    if (!process.waitFor(PYTHON_TIMEOUT_S, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("map_read_bcc.py failed: " + lines);
    }
    return lines.stream()
        .filter(l -> l.startsWith("impl=bcc-python-map-items"))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("map_read_bcc.py printed no result: " + lines));
  }

  private static String field(String line, String key) {
    for (String part : line.split(" ")) {
      if (part.startsWith(key + "=")) {
        return part.substring(key.length() + 1);
      }
    }
    throw new IllegalStateException("no " + key + " in " + line);
  }
}
