package io.ebpf4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stats;
import io.ebpf4j.metrics.SessionMetrics;
import io.ebpf4j.runtime.SessionStats;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a Prometheus scrape of a bound session shows, from made-up aggregates: no kernel. */
class EbpfMeterBinderTest {

  record ReadByComm(String comm) {}

  private final Map<String, Object> aggregates = new HashMap<>();
  private SessionStats stats =
      new SessionStats(7, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6, false, Optional.empty());

  private SessionMetrics metrics() {
    return SessionMetrics.builder(aggregates::get, () -> stats)
        .counter("calls", "getppid_calls", "getppid(2) calls")
        .log2Histogram("sizes", "read_bytes", "read(2) sizes")
        .build();
  }

  @Test
  void aScrapeHasCountersPowerOfTwoBucketsAndTheSessionsFigures() {
    long[] slots = new long[Histogram.LOG2_SLOTS];
    slots[1] = 1; // 0
    slots[2] = 3; // 1
    slots[8] = 5; // 64..127
    slots[14] = 7; // 4096..8191
    aggregates.put("calls", Map.of(new ReadByComm("load"), 12L));
    aggregates.put("sizes",
        Map.of(new ReadByComm("load"), Histogram.log2(slots, 16, 3 + 500 + 7 * 4096, 0, 4096)));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new EbpfMeterBinder(metrics()).bindTo(registry);

    List<String> lines = registry.scrape().lines().toList();
    assertTrue(lines.contains("getppid_calls_total{comm=\"load\"} 12.0"), String.join("\n", lines));
    // Cumulative, from the first slot that counted something; le is each slot's largest value.
    List<String> buckets =
        lines.stream().filter(l -> l.startsWith("read_bytes_bucket")).toList();
    assertEquals(15, buckets.size(), String.join("\n", buckets)); // slots 1..14, then +Inf
    assertTrue(lines.contains("read_bytes_bucket{comm=\"load\",le=\"0.0\"} 1"), buckets.toString());
    assertTrue(lines.contains("read_bytes_bucket{comm=\"load\",le=\"1.0\"} 4"), buckets.toString());
    assertTrue(lines.contains("read_bytes_bucket{comm=\"load\",le=\"63.0\"} 4"), buckets.toString());
    assertTrue(lines.contains("read_bytes_bucket{comm=\"load\",le=\"127.0\"} 9"), buckets.toString());
    assertTrue(lines.contains("read_bytes_bucket{comm=\"load\",le=\"8191.0\"} 16"),
        buckets.toString());
    assertTrue(lines.contains("read_bytes_bucket{comm=\"load\",le=\"+Inf\"} 16"), buckets.toString());
    assertTrue(lines.contains("read_bytes_count{comm=\"load\"} 16"), buckets.toString());
    assertTrue(lines.contains("read_bytes_sum{comm=\"load\"} 29175.0"), buckets.toString());
    assertTrue(lines.contains("ebpf4j_events_delivered_total 7.0"), String.join("\n", lines));
    assertTrue(lines.contains("ebpf4j_events_lost_total{cause=\"ring_buffer_full\"} 2.0"),
        String.join("\n", lines));
    assertTrue(lines.contains("ebpf4j_aggregate_keys_dropped_total 4.0"), String.join("\n", lines));
    assertTrue(lines.contains("ebpf4j_stacks_lost_total 6.0"), String.join("\n", lines));
  }

  @Test
  void statsAreASummaryOfCountAndSumAndGaugesOfMinAndMax() {
    aggregates.put("latency", Map.of(new ReadByComm("load"), new Stats(4, 1000, 3, 700)));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new EbpfMeterBinder(SessionMetrics.builder(aggregates::get, () -> stats)
        .stats("latency", "write_nanos", "write(2) time").build()).bindTo(registry);

    List<String> lines = registry.scrape().lines()
        .filter(l -> l.contains("write_nanos")).toList();
    assertEquals(
        List.of(
            "# HELP write_nanos write(2) time",
            "# TYPE write_nanos summary",
            "write_nanos_count{comm=\"load\"} 4",
            "write_nanos_sum{comm=\"load\"} 1000.0",
            "# HELP write_nanos_max write(2) time, largest",
            "# TYPE write_nanos_max gauge",
            "write_nanos_max{comm=\"load\"} 700.0",
            "# HELP write_nanos_min write(2) time, smallest",
            "# TYPE write_nanos_min gauge",
            "write_nanos_min{comm=\"load\"} 3.0"),
        lines);
  }

  @Test
  void aLinearHistogramsLeBoundsAreItsBucketsLargestValues() {
    // Buckets below 0, 0..511, 512..1023, 1024..1535, 1536 and up.
    aggregates.put("sizes", Map.of(new ReadByComm("load"),
        Histogram.linear(0, 512, new long[] {0, 2, 0, 3, 1}, 6, 5000, 1, 2000)));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new EbpfMeterBinder(SessionMetrics.builder(aggregates::get, () -> stats)
        .linearHistogram("sizes", "read_bytes", "read(2) sizes").build()).bindTo(registry);

    List<String> lines = registry.scrape().lines()
        .filter(l -> l.startsWith("read_bytes")).toList();
    assertEquals(
        List.of(
            "read_bytes_bucket{comm=\"load\",le=\"511.0\"} 2",
            "read_bytes_bucket{comm=\"load\",le=\"1023.0\"} 2",
            "read_bytes_bucket{comm=\"load\",le=\"1535.0\"} 5",
            "read_bytes_bucket{comm=\"load\",le=\"+Inf\"} 6",
            "read_bytes_count{comm=\"load\"} 6",
            "read_bytes_sum{comm=\"load\"} 5000.0"),
        lines);
  }

  @Test
  void aLinearHistogramWithoutAnOpenTopBucketEndsWithAnEmptyInf() {
    var buckets = AggregateCollector.linearBuckets(new long[] {-1, 9}, new long[] {1, 2});
    assertEquals(3, buckets.size());
    assertEquals(Double.POSITIVE_INFINITY, buckets.getUpperBound(2));
    assertEquals(0, buckets.getCount(2));
    assertEquals(2, buckets.getCount(1));
  }

  @Test
  void eachScrapeReadsTheAggregatesAgainSoNewKeysAppear() {
    aggregates.put("calls", Map.of(new ReadByComm("a"), 1L));
    aggregates.put("sizes", Map.of());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new EbpfMeterBinder(metrics()).bindTo(registry);
    String first = registry.scrape();
    assertTrue(first.contains("getppid_calls_total{comm=\"a\"} 1.0"), first);
    assertTrue(!first.contains("read_bytes"), "no family without data points:\n" + first);
    aggregates.put("calls", Map.of(new ReadByComm("a"), 2L, new ReadByComm("b"), 5L));
    stats = new SessionStats(9, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6, false, Optional.empty());
    String second = registry.scrape();
    assertTrue(second.contains("getppid_calls_total{comm=\"a\"} 2.0"), second);
    assertTrue(second.contains("getppid_calls_total{comm=\"b\"} 5.0"), second);
    assertTrue(second.contains("ebpf4j_events_delivered_total 9.0"), second);
  }

  @Test
  void aCompositeWithAPrometheusRegistryInsideIsFound() {
    aggregates.put("calls", Map.of(new ReadByComm("a"), 1L));
    aggregates.put("sizes", Map.of());
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    composite.add(new SimpleMeterRegistry());
    composite.add(prometheus);
    new EbpfMeterBinder(metrics()).bindTo(composite);
    assertTrue(prometheus.scrape().contains("getppid_calls_total{comm=\"a\"} 1.0"));
  }

  @Test
  void theFiguresOutliveTheBinderAndItsMetrics() throws InterruptedException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // Only the registry keeps them: Micrometer holds a FunctionCounter's object weakly.
    new EbpfMeterBinder(SessionMetrics.builder(aggregates::get, () -> stats).build())
        .bindTo(registry);
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(7.0, registry.get("ebpf4j.events.delivered").functionCounter().count());
  }

  @Test
  void aRegistryWithoutPrometheusGetsOneMessageNamingTheFix() {
    aggregates.put("calls", Map.of());
    aggregates.put("sizes", Map.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> new EbpfMeterBinder(metrics()).bindTo(new SimpleMeterRegistry()));
    assertTrue(e.getMessage().contains("add one (micrometer-registry-prometheus)"),
        e.getMessage());
  }
}
