package io.ebpf4j.micrometer;

import io.ebpf4j.metrics.Log2Buckets;
import io.ebpf4j.metrics.MetricSpec;
import io.ebpf4j.metrics.Reading;
import io.ebpf4j.metrics.Series;
import io.ebpf4j.metrics.SessionMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's aggregations in Prometheus's own model, read at each scrape: counters per key, and
 * log2 histograms as classic histograms whose {@code le} bounds are the kernel's slots (-1, 0,
 * 1, 3, 7, ..., {@code 2^n - 1}), each slot's count as the kernel counted it; linear histograms
 * likewise at each bucket's largest value; stats as a summary without quantiles (count and sum)
 * and gauges of min and max.
 *
 * <p>Why not Micrometer meters: a {@code DistributionSummary} computes its buckets from values it
 * is given one by one, and cannot take counts the kernel already bucketed; a meter per bucket
 * would not be a histogram to PromQL. The Prometheus client's model takes precomputed buckets
 * as they are, and {@code PrometheusMeterRegistry} scrapes it with its own meters.
 */
final class AggregateCollector implements MultiCollector {

  /** The suffixes of a {@code STATS} aggregate's gauges. */
  static final String MIN = "_min";

  static final String MAX = "_max";

  private final SessionMetrics metrics;

  AggregateCollector(SessionMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> snapshots = new ArrayList<>();
    for (Reading reading : metrics.read()) {
      if (reading.series().isEmpty()) {
        continue; // no key yet: a family without data points is not valid exposition
      }
      switch (reading.spec().type()) {
        case COUNTER -> snapshots.add(counter(reading));
        case LOG2_HISTOGRAM -> snapshots.add(histogram(reading));
        case LINEAR_HISTOGRAM -> snapshots.add(linearHistogram(reading));
        case STATS -> stats(reading, snapshots);
      }
    }
    return new MetricSnapshots(snapshots);
  }

  @Override
  public List<String> getPrometheusNames() {
    List<String> names = new ArrayList<>();
    for (MetricSpec spec : metrics.specs()) {
      names.add(spec.name());
      if (spec.type() == MetricSpec.Type.STATS) {
        names.add(spec.name() + MIN);
        names.add(spec.name() + MAX);
      }
    }
    return names;
  }

  private static CounterSnapshot counter(Reading reading) {
    CounterSnapshot.Builder b =
        CounterSnapshot.builder().name(reading.spec().name()).help(reading.spec().help());
    for (Series s : reading.series()) {
      b.dataPoint(
          CounterSnapshot.CounterDataPointSnapshot.builder()
              .labels(Labels.of(reading.labelNames(), s.labels()))
              .value(((Series.Counter) s).value())
              .build());
    }
    return b.build();
  }

  private static HistogramSnapshot histogram(Reading reading) {
    HistogramSnapshot.Builder b =
        HistogramSnapshot.builder().name(reading.spec().name()).help(reading.spec().help());
    for (Series s : reading.series()) {
      Series.Log2Histogram h = (Series.Log2Histogram) s;
      b.dataPoint(
          HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .labels(Labels.of(reading.labelNames(), s.labels()))
              .classicHistogramBuckets(buckets(h.slots()))
              .sum(h.sum())
              .build());
    }
    return b.build();
  }

  private static HistogramSnapshot linearHistogram(Reading reading) {
    HistogramSnapshot.Builder b =
        HistogramSnapshot.builder().name(reading.spec().name()).help(reading.spec().help());
    for (Series s : reading.series()) {
      Series.LinearHistogram h = (Series.LinearHistogram) s;
      b.dataPoint(
          HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .labels(Labels.of(reading.labelNames(), s.labels()))
              .classicHistogramBuckets(linearBuckets(h.upperBounds(), h.counts()))
              .sum(h.sum())
              .build());
    }
    return b.build();
  }

  /**
   * A {@code STATS} aggregate as a summary without quantiles, whose {@code <name>_count} and
   * {@code <name>_sum} are counters to PromQL, and two gauges, {@code <name>_min} and {@code
   * <name>_max}. A counter snapshot would be written {@code <name>_count_total}.
   */
  private static void stats(Reading reading, List<MetricSnapshot> out) {
    String name = reading.spec().name();
    String help = reading.spec().help();
    SummarySnapshot.Builder summary = SummarySnapshot.builder().name(name).help(help);
    GaugeSnapshot.Builder min = GaugeSnapshot.builder().name(name + MIN).help(help + ", smallest");
    GaugeSnapshot.Builder max = GaugeSnapshot.builder().name(name + MAX).help(help + ", largest");
    for (Series s : reading.series()) {
      Series.Stats st = (Series.Stats) s;
      Labels labels = Labels.of(reading.labelNames(), s.labels());
      summary.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
          .labels(labels).count(st.count()).sum(st.sum()).build());
      min.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
          .labels(labels).value(st.min()).build());
      max.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
          .labels(labels).value(st.max()).build());
    }
    out.add(summary.build());
    out.add(min.build());
    out.add(max.build());
  }

  /**
   * A linear histogram's buckets, each at its largest value, then {@code +Inf}: the bucket of
   * the values from the aggregate's {@code max} on is the {@code +Inf} one.
   */
  static ClassicHistogramBuckets linearBuckets(long[] upperBounds, long[] counts) {
    int n = upperBounds.length;
    boolean open = n > 0 && upperBounds[n - 1] == Long.MAX_VALUE;
    int finite = open ? n - 1 : n;
    double[] bounds = new double[finite + 1];
    long[] perBucket = new long[finite + 1];
    for (int i = 0; i < finite; i++) {
      bounds[i] = upperBounds[i];
      perBucket[i] = counts[i];
    }
    bounds[finite] = Double.POSITIVE_INFINITY;
    perBucket[finite] = open ? counts[n - 1] : 0;
    return ClassicHistogramBuckets.of(bounds, perBucket);
  }

  /**
   * The slots from the first that counted something to the last, then {@code +Inf}. Bounds below
   * the first are left out: a cumulative count there is 0 either way.
   */
  static ClassicHistogramBuckets buckets(long[] slots) {
    int first = 0;
    while (first < slots.length && slots[first] == 0) {
      first++;
    }
    int last = slots.length - 1;
    while (last > first && slots[last] == 0) {
      last--;
    }
    if (first == slots.length) {
      return ClassicHistogramBuckets.of(
          new double[] {Double.POSITIVE_INFINITY}, new long[] {0});
    }
    int n = last - first + 1;
    double[] bounds = new double[n + 1];
    long[] counts = new long[n + 1];
    for (int i = 0; i < n; i++) {
      bounds[i] = Log2Buckets.upperBound(first + i);
      counts[i] = slots[first + i];
    }
    bounds[n] = Double.POSITIVE_INFINITY;
    return ClassicHistogramBuckets.of(bounds, counts);
  }
}
