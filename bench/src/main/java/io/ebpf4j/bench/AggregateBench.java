package io.ebpf4j.bench;

import io.ebpf4j.runtime.ProbeOptions;
import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The aggregation side of {@code bench/run.sh}: runs the load generator once under one of {@link
 * GetppidAggregates}' handlers, filtered to its process, and prints
 *
 * <pre>
 * impl=ebpf4j-agg-count produced=.. kernel_seen=.. producer_ns_per_call=.. attach_ms=..
 * </pre>
 *
 * <p>The protocol is {@link ThroughputBench}'s: start the generator, read its {@code ready
 * pid=P}, start the session filtered to P, release the generator, wait for it to exit, then read
 * the aggregate. Nothing is delivered per event, so the figure is the producer's: what the probe
 * adds to each call. {@code kernel_seen} is the count (or the histogram's count) read back.
 *
 * <p>Usage: {@code AggregateBench --loadgen PATH -n N --mode count|hist}.
 */
public final class AggregateBench {

  private AggregateBench() {}

  public static void main(String[] args) throws Exception {
    String loadgen = null;
    long n = 1_000_000;
    String mode = "count";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--loadgen" -> loadgen = args[++i];
        case "-n" -> n = Long.parseLong(args[++i]);
        case "--mode" -> mode = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (loadgen == null || !(mode.equals("count") || mode.equals("hist"))) {
      throw new IllegalArgumentException(
          "usage: AggregateBench --loadgen PATH [-n N] --mode count|hist");
    }
    Process generator =
        new ProcessBuilder(loadgen, Long.toString(n))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader stdout =
        new BufferedReader(
            new InputStreamReader(generator.getInputStream(), StandardCharsets.US_ASCII));
    long pid = Long.parseLong(parse(stdout.readLine()).get("pid"));
    Object handler =
        mode.equals("count")
            ? new GetppidAggregates.CountByComm()
            : new GetppidAggregates.ReturnHistogram();
    ProbeSession session =
        ProbeRuntime.start(handler, ProbeOptions.defaults().withOnlyProcess(pid));
    Map<String, String> result;
    long seen;
    try (session) {
      try (OutputStream go = generator.getOutputStream()) {
        go.write('g');
      }
      result = parse(stdout.readLine());
      generator.waitFor();
      if (mode.equals("count")) {
        seen = ((Map<?, ?>) session.aggregate("perComm")).values().stream()
            .mapToLong(v -> (Long) v).sum();
      } else {
        seen = session.histogram("returns").count();
      }
    }
    System.out.println(
        "impl=ebpf4j-agg-" + mode
            + " produced=" + result.get("produced")
            + " kernel_seen=" + seen
            + " producer_ns_per_call=" + result.get("ns_per_call")
            + " attach_ms=" + session.startupTime().toMillis()
            + " keys_dropped=" + session.stats().aggregateKeysDropped());
  }

  private static Map<String, String> parse(String line) {
    Map<String, String> fields = new HashMap<>();
    if (line == null) {
      throw new IllegalStateException("the loadgen printed nothing");
    }
    for (String field : line.trim().split("\\s+")) {
      int eq = field.indexOf('=');
      if (eq > 0) {
        fields.put(field.substring(0, eq), field.substring(eq + 1));
      }
    }
    return fields;
  }

}
