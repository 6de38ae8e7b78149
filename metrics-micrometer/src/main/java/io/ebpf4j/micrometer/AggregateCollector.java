package io.ebpf4j.micrometer;

import io.ebpf4j.metrics.Log2Buckets;
import io.ebpf4j.metrics.Reading;
import io.ebpf4j.metrics.Series;
import io.ebpf4j.metrics.SessionMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * A session's aggregations in Prometheus's own model, read at each scrape: counters per key, and
 * log2 histograms as classic histograms whose {@code le} bounds are the kernel's slots (-1, 0,
 * 1, 3, 7, ..., {@code 2^n - 1}), each slot's count as the kernel counted it.
 *
 * <p>Why not Micrometer meters: a {@code DistributionSummary} computes its buckets from values it
 * is given one by one, and cannot take counts the kernel already bucketed; a meter per bucket
 * would not be a histogram to PromQL. The Prometheus client's model takes precomputed buckets
 * as they are, and {@code PrometheusMeterRegistry} scrapes it with its own meters.
 */
final class AggregateCollector implements MultiCollector {

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
      snapshots.add(switch (reading.spec().type()) {
        case COUNTER -> counter(reading);
        case LOG2_HISTOGRAM -> histogram(reading);
      });
    }
    return new MetricSnapshots(snapshots);
  }

  @Override
  public List<String> getPrometheusNames() {
    return metrics.specs().stream().map(s -> s.name()).toList();
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
