package io.ebpf4j.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stats;
import io.ebpf4j.runtime.SessionStats;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a reading holds, from aggregates made up as the runtime reads them: no kernel. */
class SessionMetricsTest {

  /** A key record as the processor generates them, by {@code comm} and {@code pid}. */
  record CallsByCommPid(String comm, int pid) {}

  static final SessionStats STATS =
      new SessionStats(10, 1, 2, 0, 0, 0, 5, 0, 0, 0, 0, 3, 6, false, Optional.empty());

  private final Map<String, Object> aggregates = new HashMap<>();

  private SessionMetrics.Builder builder() {
    return SessionMetrics.builder(aggregates::get, () -> STATS);
  }

  @Test
  void keyFieldsAreLabelsAndTheKeysBeyondTheTopAreSummedUnderOther() {
    Map<CallsByCommPid, Long> counts = new LinkedHashMap<>();
    counts.put(new CallsByCommPid("a", 1), 5L);
    counts.put(new CallsByCommPid("b", 2), 50L);
    counts.put(new CallsByCommPid("c", 3), 7L);
    counts.put(new CallsByCommPid("d", 4), 1L);
    aggregates.put("calls", counts);
    Reading r = builder().counter("calls", "calls", "calls").topKeys(2).build().read().getFirst();
    assertEquals(List.of("comm", "pid"), r.labelNames());
    assertEquals(
        List.of(
            new Series.Counter(List.of("b", "2"), 50),
            new Series.Counter(List.of("c", "3"), 7),
            new Series.Counter(List.of("other", "other"), 6)),
        r.series());
    assertEquals(2, r.keysFolded());
  }

  @Test
  void fewerKeysThanTheTopAreAllKeptAndNothingIsFolded() {
    aggregates.put("calls", Map.of(new CallsByCommPid("a", 1), 5L));
    Reading r = builder().counter("calls", "calls", "h").otherLabel("rest").build().read().get(0);
    assertEquals(List.of(new Series.Counter(List.of("a", "1"), 5)), r.series());
    assertEquals(0, r.keysFolded());
  }

  @Test
  void aLog2HistogramKeepsTheKernelsSlotsAndFoldsSlotBySlot() {
    long[] one = new long[Histogram.LOG2_SLOTS];
    one[0] = 1; // a negative value
    one[1] = 2; // zeros
    one[4] = 3; // 4..7
    long[] two = new long[Histogram.LOG2_SLOTS];
    two[4] = 1;
    two[Histogram.LOG2_SLOTS - 1] = 1; // 2^62 and up
    Map<CallsByCommPid, Histogram> h = new LinkedHashMap<>();
    h.put(new CallsByCommPid("a", 1), Histogram.log2(one, 6, 10, -3, 7));
    h.put(new CallsByCommPid("b", 2), Histogram.log2(two, 2, 99, 5, Long.MAX_VALUE));
    h.put(new CallsByCommPid("c", 3), Histogram.log2(two, 2, 99, 5, Long.MAX_VALUE));
    aggregates.put("sizes", h);
    Reading r =
        builder().log2Histogram("sizes", "sizes", "h").topKeys(1).build().read().getFirst();
    Series.Log2Histogram top = (Series.Log2Histogram) r.series().get(0);
    assertEquals(List.of("a", "1"), top.labels());
    assertArrayEquals(one, top.slots());
    assertEquals(6, top.count());
    Series.Log2Histogram other = (Series.Log2Histogram) r.series().get(1);
    long[] folded = new long[Histogram.LOG2_SLOTS];
    folded[4] = 2;
    folded[Histogram.LOG2_SLOTS - 1] = 2;
    assertArrayEquals(folded, other.slots());
    assertEquals(198, other.sum());
    assertEquals(5, other.min());
  }

  @Test
  void anAggregateWithoutKeysIsOneSeriesWithoutLabels() {
    aggregates.put("total", 42L);
    Reading r = builder().counter("total", "total", "h").build().read().getFirst();
    assertEquals(List.of(), r.labelNames());
    assertEquals(List.of(new Series.Counter(List.of(), 42)), r.series());
  }

  @Test
  void aLinearHistogramIsRefusedWithWhatToUse() {
    aggregates.put("sizes", Histogram.linear(0, 10, new long[] {0, 1, 0, 0}, 1, 5, 5, 5));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> builder().log2Histogram("sizes", "sizes", "h").build());
    assertTrue(e.getMessage().contains("log2Histogram() takes a LOG2_HISTOGRAM"), e.getMessage());
    assertTrue(e.getMessage().endsWith("linearHistogram() a LINEAR_HISTOGRAM"), e.getMessage());
  }

  @Test
  void statsKeepTheKernelsFiguresAndFoldCountAndSumAddedMinAndMaxCompared() {
    Map<CallsByCommPid, Stats> stats = new LinkedHashMap<>();
    stats.put(new CallsByCommPid("a", 1), new Stats(10, 1000, 3, 400));
    stats.put(new CallsByCommPid("b", 2), new Stats(4, 40, 7, 20));
    stats.put(new CallsByCommPid("c", 3), new Stats(2, 900, 5, 905));
    stats.put(new CallsByCommPid("d", 4), new Stats(0, 0, 0, 0));
    aggregates.put("latency", stats);
    Reading r = builder().stats("latency", "latency", "h").topKeys(1).build().read().getFirst();
    assertEquals(
        List.of(
            new Series.Stats(List.of("a", "1"), 10, 1000, 3, 400),
            new Series.Stats(List.of("other", "other"), 6, 940, 5, 905)),
        r.series(), "a key without values does not pull min to 0");
    assertEquals(3, r.keysFolded());
  }

  @Test
  void aLinearHistogramKeepsItsBucketsAtTheirLargestValuesAndFoldsBucketByBucket() {
    // Buckets below 0, 0..9, 10..19, 20..29, 30 and up.
    Map<CallsByCommPid, Histogram> h = new LinkedHashMap<>();
    h.put(new CallsByCommPid("a", 1),
        Histogram.linear(0, 10, new long[] {0, 2, 0, 3, 1}, 6, 150, 1, 31));
    h.put(new CallsByCommPid("b", 2),
        Histogram.linear(0, 10, new long[] {1, 0, 4, 0, 0}, 5, 40, -2, 15));
    h.put(new CallsByCommPid("c", 3),
        Histogram.linear(0, 10, new long[] {1, 0, 4, 0, 0}, 5, 41, -3, 16));
    aggregates.put("sizes", h);
    Reading r =
        builder().linearHistogram("sizes", "sizes", "h").topKeys(1).build().read().getFirst();
    Series.LinearHistogram top = (Series.LinearHistogram) r.series().get(0);
    assertEquals(List.of("a", "1"), top.labels());
    assertArrayEquals(new long[] {9, 19, 29, Long.MAX_VALUE}, top.upperBounds());
    assertArrayEquals(new long[] {2, 0, 3, 1}, top.counts());
    assertEquals(6, top.count());
    assertEquals(150, top.sum());
    Series.LinearHistogram other = (Series.LinearHistogram) r.series().get(1);
    assertArrayEquals(new long[] {-1, 9, 19}, other.upperBounds());
    assertArrayEquals(new long[] {2, 0, 8}, other.counts());
    assertEquals(81, other.sum());
    assertEquals(-3, other.min());
    assertEquals(16, other.max());
  }

  @Test
  void statsAndLinearHistogramsExportedAsSomethingElseAreRefusedWithWhatToUse() {
    aggregates.put("latency", new Stats(1, 2, 2, 2));
    aggregates.put("total", 5L);
    IllegalArgumentException asLog2 = assertThrows(IllegalArgumentException.class,
        () -> builder().log2Histogram("latency", "latency", "h").build());
    assertEquals("latency gives a Stats, which cannot be exported as a log2 histogram:"
        + " log2Histogram() takes a LOG2_HISTOGRAM @Aggregate", asLog2.getMessage());
    IllegalArgumentException asStats = assertThrows(IllegalArgumentException.class,
        () -> builder().stats("total", "total", "h").build());
    assertEquals("total gives a Long, which cannot be exported as stats: stats() takes a STATS"
        + " @Aggregate", asStats.getMessage());
    IllegalArgumentException asLinear = assertThrows(IllegalArgumentException.class,
        () -> builder().linearHistogram("latency", "latency", "h").build());
    assertEquals("latency gives a Stats, which cannot be exported as a linear histogram:"
        + " linearHistogram() takes a LINEAR_HISTOGRAM @Aggregate", asLinear.getMessage());
  }

  @Test
  void aHistogramExportedAsACounterIsRefusedAtBuild() {
    long[] slots = new long[Histogram.LOG2_SLOTS];
    aggregates.put("sizes", Histogram.log2(slots, 0, 0, 0, 0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> builder().counter("sizes", "sizes", "h").build());
    assertEquals(
        "sizes gives a Histogram, which cannot be exported as a counter: counter() takes a COUNT"
            + " or SUM @Aggregate",
        e.getMessage());
  }

  @Test
  void badNamesAreRefusedWithTheRule() {
    assertThrows(IllegalArgumentException.class, () -> builder().counter("m", "get-ppid", "h"));
    assertThrows(IllegalArgumentException.class, () -> builder().counter("m", "calls_total", "h"));
    assertThrows(IllegalArgumentException.class, () -> builder().counter("m", "ebpf4j_x", "h"));
    assertThrows(IllegalArgumentException.class,
        () -> builder().counter("m", "x", "h").counter("n", "x", "h"));
    assertThrows(IllegalArgumentException.class, () -> builder().topKeys(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> builder().stats("latency", "write_nanos", "h").counter("m", "write_nanos_max", "h"));
    assertEquals("metric name \"write_nanos_max\" is taken by latency", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> builder().counter("m", "write_nanos_min", "h").stats("latency", "write_nanos", "h"));
  }

  @Test
  void figuresNameEveryLossCauseAndAddUpToLost() {
    List<SessionFigure> figures = SessionMetrics.builder(m -> null, () -> STATS).build().figures();
    long lost = figures.stream().filter(f -> f.name().equals(SessionFigure.LOST))
        .mapToLong(SessionFigure::value).sum();
    assertEquals(STATS.lost(), lost, "calls in flight are not lost while the session runs");
    assertEquals(3, figures.stream()
        .filter(f -> f.name().equals(SessionFigure.AGGREGATE_KEYS_DROPPED))
        .findFirst().orElseThrow().value());
    assertEquals(6, figures.stream()
        .filter(f -> f.name().equals(SessionFigure.STACKS_LOST))
        .findFirst().orElseThrow().value());
    SessionStats closed =
        new SessionStats(10, 1, 2, 0, 0, 0, 5, 0, 0, 0, 0, 3, 6, true, Optional.empty());
    assertEquals(closed.lost(), SessionFigure.of(closed).stream()
        .filter(f -> f.name().equals(SessionFigure.LOST)).mapToLong(SessionFigure::value).sum());
  }

  @Test
  void upperBoundsAreEachSlotsLargestValue() {
    assertEquals(-1, Log2Buckets.upperBound(0));
    assertEquals(0, Log2Buckets.upperBound(1));
    assertEquals(1, Log2Buckets.upperBound(2));
    assertEquals(3, Log2Buckets.upperBound(3));
    assertEquals(4095, Log2Buckets.upperBound(13));
    assertEquals(Long.MAX_VALUE, Log2Buckets.upperBound(Histogram.LOG2_SLOTS - 1));
    assertEquals(12, Log2Buckets.exponent(14)); // 4096..8191
  }
}
