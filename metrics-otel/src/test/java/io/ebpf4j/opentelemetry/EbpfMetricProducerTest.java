package io.ebpf4j.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stats;
import io.ebpf4j.metrics.SessionMetrics;
import io.ebpf4j.runtime.SessionStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the SDK's in-memory reader collects from a producer of made-up aggregates: no kernel. */
class EbpfMetricProducerTest {

  record ReadByComm(String comm) {}

  static final SessionStats STATS =
      new SessionStats(7, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 4, 6, false, Optional.empty());

  @Test
  void countsAreSumsAndLog2HistogramsAreScaleZeroExponentialHistograms() {
    long[] slots = new long[Histogram.LOG2_SLOTS];
    slots[0] = 2; // negatives
    slots[1] = 1; // 0
    slots[2] = 3; // 1: bucket 0
    slots[8] = 5; // 64..127: bucket 6
    slots[14] = 7; // 4096..8191: bucket 12
    Map<String, Object> aggregates = Map.of(
        "calls", Map.of(new ReadByComm("load"), 12L),
        "sizes", Map.of(new ReadByComm("load"), Histogram.log2(slots, 18, 29000, -9, 4096)));
    SessionMetrics metrics = SessionMetrics.builder(aggregates::get, () -> STATS)
        .counter("calls", "getppid_calls", "getppid(2) calls")
        .log2Histogram("sizes", "read_bytes", "read(2) sizes")
        .build();
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder()
        .registerMetricReader(reader)
        .registerMetricProducer(new EbpfMetricProducer(metrics))
        .build()) {
      Collection<MetricData> collected = reader.collectAllMetrics();
      Attributes load = Attributes.of(AttributeKey.stringKey("comm"), "load");

      LongPointData calls = only(collected, "getppid_calls").getLongSumData().getPoints()
          .iterator().next();
      assertEquals(12, calls.getValue());
      assertEquals(load, calls.getAttributes());
      assertEquals(true, only(collected, "getppid_calls").getLongSumData().isMonotonic());

      ExponentialHistogramPointData h = only(collected, "read_bytes")
          .getExponentialHistogramData().getPoints().iterator().next();
      assertEquals(load, h.getAttributes());
      assertEquals(0, h.getScale());
      assertEquals(1, h.getZeroCount());
      assertEquals(0, h.getPositiveBuckets().getOffset());
      List<Long> expected = new java.util.ArrayList<>(java.util.Collections.nCopies(13, 0L));
      expected.set(0, 3L);
      expected.set(6, 5L);
      expected.set(12, 7L);
      assertEquals(expected, h.getPositiveBuckets().getBucketCounts());
      assertEquals(16, h.getCount(), "zeros and positives; the negatives are counted apart");
      assertEquals(29000, h.getSum());
      assertEquals(2, only(collected, "read_bytes_negative").getLongSumData().getPoints()
          .iterator().next().getValue());

      long lost = only(collected, "ebpf4j_events_lost").getLongSumData().getPoints().stream()
          .mapToLong(LongPointData::getValue).sum();
      assertEquals(STATS.lost(), lost);
      assertEquals(7, only(collected, "ebpf4j_events_delivered").getLongSumData().getPoints()
          .iterator().next().getValue());
    }
  }

  @Test
  void statsAreSumsOfCountAndSumAndGaugesOfMinAndMax() {
    Map<String, Object> aggregates = Map.of(
        "latency", Map.of(new ReadByComm("load"), new Stats(4, 1000, 3, 700)));
    Collection<MetricData> collected = collect(SessionMetrics.builder(aggregates::get, () -> STATS)
        .stats("latency", "write_nanos", "write(2) time").build());
    Attributes load = Attributes.of(AttributeKey.stringKey("comm"), "load");
    for (String sum : List.of("write_nanos_count", "write_nanos_sum")) {
      assertEquals(MetricDataType.LONG_SUM, only(collected, sum).getType(), sum);
      assertEquals(true, only(collected, sum).getLongSumData().isMonotonic(), sum);
    }
    for (String gauge : List.of("write_nanos_min", "write_nanos_max")) {
      assertEquals(MetricDataType.LONG_GAUGE, only(collected, gauge).getType(), gauge);
    }
    Map<String, Long> values = new java.util.TreeMap<>();
    for (MetricData m : collected) {
      if (m.getName().startsWith("write_nanos")) {
        LongPointData p = (LongPointData) m.getData().getPoints().iterator().next();
        assertEquals(load, p.getAttributes());
        values.put(m.getName(), p.getValue());
      }
    }
    assertEquals(Map.of("write_nanos_count", 4L, "write_nanos_sum", 1000L,
        "write_nanos_min", 3L, "write_nanos_max", 700L), values);
  }

  @Test
  void aLinearHistogramIsAnExplicitBucketHistogramAtItsBucketsLargestValues() {
    // Buckets below 0, 0..511, 512..1023, 1024..1535, 1536 and up.
    Map<String, Object> aggregates = Map.of("sizes", Map.of(new ReadByComm("load"),
        Histogram.linear(0, 512, new long[] {0, 2, 0, 3, 1}, 6, 5000, 1, 2000)));
    Collection<MetricData> collected = collect(SessionMetrics.builder(aggregates::get, () -> STATS)
        .linearHistogram("sizes", "read_bytes", "read(2) sizes").build());
    HistogramPointData h =
        only(collected, "read_bytes").getHistogramData().getPoints().iterator().next();
    assertEquals(Attributes.of(AttributeKey.stringKey("comm"), "load"), h.getAttributes());
    assertEquals(List.of(511.0, 1023.0, 1535.0), h.getBoundaries());
    assertEquals(List.of(2L, 0L, 3L, 1L), h.getCounts(), "the last: 1536 and up");
    assertEquals(6, h.getCount());
    assertEquals(5000, h.getSum());
    assertEquals(1, h.getMin());
    assertEquals(2000, h.getMax());
  }

  private static Collection<MetricData> collect(SessionMetrics metrics) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder()
        .registerMetricReader(reader)
        .registerMetricProducer(new EbpfMetricProducer(metrics))
        .build()) {
      return reader.collectAllMetrics();
    }
  }

  @Test
  void theFirstPositiveSlotSetsTheOffset() {
    long[] slots = new long[Histogram.LOG2_SLOTS];
    slots[5] = 4; // 8..15: bucket 3
    slots[6] = 1; // 16..31: bucket 4
    var buckets = EbpfMetricProducer.positive(slots);
    assertEquals(3, buckets.getOffset());
    assertEquals(List.of(4L, 1L), buckets.getBucketCounts());
  }

  private static MetricData only(Collection<MetricData> all, String name) {
    List<MetricData> named = all.stream().filter(m -> m.getName().equals(name)).toList();
    assertEquals(1, named.size(), name + " in " + all);
    return named.getFirst();
  }
}
