package io.ebpf4j.opentelemetry;

import io.ebpf4j.metrics.Log2Buckets;
import io.ebpf4j.metrics.Reading;
import io.ebpf4j.metrics.Series;
import io.ebpf4j.metrics.SessionFigure;
import io.ebpf4j.metrics.SessionMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A session's metrics for OpenTelemetry's SDK, read at each collection: register it with {@code
 * SdkMeterProvider.builder().registerMetricProducer(...)}, and whatever reader the provider has
 * (OTLP, Prometheus, in memory) exports them.
 *
 * <ul>
 *   <li>Counters and the session's figures are cumulative monotonic long sums; a key's fields are
 *       its attributes.
 *   <li>Log2 histograms are base-2 exponential histograms at scale 0, bucket for bucket: the
 *       kernel's slot of {@code 2^k} to {@code 2^(k+1) - 1} is positive bucket {@code k}, the
 *       zeros are the zero count. The one difference is at the bounds: OpenTelemetry's bucket
 *       {@code k} is {@code (2^k, 2^(k+1)]}, so a value of exactly {@code 2^k}, which the kernel
 *       puts in slot {@code k}, reads as one bucket higher than it would had the SDK measured it.
 *       Negative values have no magnitude in the kernel's slot, so they are not in the
 *       histogram; they are counted in a sum of their own, {@code <name>_negative}. The point's
 *       sum, min and max are the kernel's, over every value.
 *   <li>Linear histograms are explicit-bucket histograms whose boundaries are the kernel's
 *       buckets' largest values, from the first bucket that counted something to the last.
 *   <li>Stats are {@code <name>_count} and {@code <name>_sum}, monotonic sums, and {@code
 *       <name>_min} and {@code <name>_max}, long gauges.
 * </ul>
 *
 * <p>Why a producer and not instruments: the SDK has no asynchronous histogram, and its
 * histograms bucket values they are given one by one; a producer hands over what the kernel
 * already bucketed.
 */
public final class EbpfMetricProducer implements MetricProducer {

  /** The instrumentation scope of every metric produced. */
  public static final String SCOPE = "io.ebpf4j";

  private static final InstrumentationScopeInfo SCOPE_INFO = InstrumentationScopeInfo.create(SCOPE);

  private final SessionMetrics metrics;
  private final long startNanos;

  /** A producer of {@code metrics}; their cumulative values start now. */
  public EbpfMetricProducer(SessionMetrics metrics) {
    this.metrics = metrics;
    this.startNanos = epochNanos();
  }

  @Override
  public Collection<MetricData> produce(Resource resource) {
    long now = epochNanos();
    List<MetricData> out = new ArrayList<>();
    for (Reading reading : metrics.read()) {
      if (reading.series().isEmpty()) {
        continue;
      }
      switch (reading.spec().type()) {
        case COUNTER -> {
          List<LongPointData> points = new ArrayList<>();
          for (Series s : reading.series()) {
            points.add(LongPointData.create(startNanos, now,
                attributes(reading.labelNames(), s.labels()), ((Series.Counter) s).value()));
          }
          out.add(sum(resource, reading.spec().name(), reading.spec().help(), points));
        }
        case LOG2_HISTOGRAM -> histogram(resource, reading, now, out);
        case LINEAR_HISTOGRAM -> linearHistogram(resource, reading, now, out);
        case STATS -> stats(resource, reading, now, out);
      }
    }
    Map<String, List<LongPointData>> figures = new LinkedHashMap<>();
    Map<String, String> help = new LinkedHashMap<>();
    for (SessionFigure f : metrics.figures()) {
      Attributes attributes = f.cause().isEmpty()
          ? Attributes.empty()
          : Attributes.of(AttributeKey.stringKey(SessionFigure.CAUSE),
              f.cause());
      figures.computeIfAbsent(f.name(), n -> new ArrayList<>())
          .add(LongPointData.create(startNanos, now, attributes, f.value()));
      help.put(f.name(), f.help());
    }
    figures.forEach((name, points) -> out.add(sum(resource, name, help.get(name), points)));
    return out;
  }

  private void histogram(Resource resource, Reading reading, long now, List<MetricData> out) {
    List<ExponentialHistogramPointData> points = new ArrayList<>();
    List<LongPointData> negatives = new ArrayList<>();
    for (Series s : reading.series()) {
      Series.Log2Histogram h = (Series.Log2Histogram) s;
      Attributes attributes = attributes(reading.labelNames(), s.labels());
      long[] slots = h.slots();
      boolean any = h.count() > 0;
      points.add(ExponentialHistogramPointData.create(
          0, h.sum(), slots[1], any, h.min(), any, h.max(),
          positive(slots), ExponentialHistogramBuckets.create(0, 0, List.of()),
          startNanos, now, attributes, List.of()));
      if (slots[0] > 0) {
        negatives.add(LongPointData.create(startNanos, now, attributes, slots[0]));
      }
    }
    out.add(new ProducedMetric(resource, SCOPE_INFO, reading.spec().name(),
        reading.spec().help(), MetricDataType.EXPONENTIAL_HISTOGRAM,
        ExponentialHistogramData.create(AggregationTemporality.CUMULATIVE, points)));
    if (!negatives.isEmpty()) {
      out.add(sum(resource, reading.spec().name() + "_negative",
          "Negative values of " + reading.spec().name(), negatives));
    }
  }

  /**
   * Explicit-bucket points whose boundaries are the buckets' largest values: OpenTelemetry's
   * bucket {@code i} is {@code (b[i-1], b[i]]}, which for integers is the kernel's bucket exactly;
   * the bucket from the aggregate's {@code max} on is the one above the last boundary.
   */
  private void linearHistogram(
      Resource resource, Reading reading, long now, List<MetricData> out) {
    List<HistogramPointData> points = new ArrayList<>();
    for (Series s : reading.series()) {
      Series.LinearHistogram h = (Series.LinearHistogram) s;
      long[] bounds = h.upperBounds();
      long[] counts = h.counts();
      int n = bounds.length;
      boolean open = n > 0 && bounds[n - 1] == Long.MAX_VALUE;
      int finite = open ? n - 1 : n;
      List<Double> boundaries = new ArrayList<>(finite);
      List<Long> perBucket = new ArrayList<>(finite + 1);
      for (int i = 0; i < finite; i++) {
        boundaries.add((double) bounds[i]);
        perBucket.add(counts[i]);
      }
      perBucket.add(open ? counts[n - 1] : 0);
      boolean any = h.count() > 0;
      points.add(HistogramPointData.create(startNanos, now,
          attributes(reading.labelNames(), s.labels()), h.sum(), any, h.min(), any, h.max(),
          boundaries, perBucket));
    }
    out.add(new ProducedMetric(resource, SCOPE_INFO, reading.spec().name(),
        reading.spec().help(), MetricDataType.HISTOGRAM,
        HistogramData.create(AggregationTemporality.CUMULATIVE, points)));
  }

  /**
   * A {@code STATS} aggregate: {@code <name>_count} and {@code <name>_sum} as monotonic sums,
   * {@code <name>_min} and {@code <name>_max} as gauges, which is what an observable counter and
   * an observable gauge would give, read at the same moment.
   */
  private void stats(Resource resource, Reading reading, long now, List<MetricData> out) {
    List<LongPointData> count = new ArrayList<>();
    List<LongPointData> sum = new ArrayList<>();
    List<LongPointData> min = new ArrayList<>();
    List<LongPointData> max = new ArrayList<>();
    for (Series s : reading.series()) {
      Series.Stats st = (Series.Stats) s;
      Attributes attributes = attributes(reading.labelNames(), s.labels());
      count.add(LongPointData.create(startNanos, now, attributes, st.count()));
      sum.add(LongPointData.create(startNanos, now, attributes, st.sum()));
      min.add(LongPointData.create(startNanos, now, attributes, st.min()));
      max.add(LongPointData.create(startNanos, now, attributes, st.max()));
    }
    String name = reading.spec().name();
    String help = reading.spec().help();
    out.add(sum(resource, name + "_count", help + ", values counted", count));
    out.add(sum(resource, name + "_sum", help + ", values added up", sum));
    out.add(gauge(resource, name + "_min", help + ", smallest", min));
    out.add(gauge(resource, name + "_max", help + ", largest", max));
  }

  /** Positive bucket {@code k} for slot {@code k + 2}, from the first non-empty to the last. */
  static ExponentialHistogramBuckets positive(long[] slots) {
    int first = 2;
    while (first < slots.length && slots[first] == 0) {
      first++;
    }
    if (first == slots.length) {
      return ExponentialHistogramBuckets.create(0, 0, List.of());
    }
    int last = slots.length - 1;
    while (slots[last] == 0) {
      last--;
    }
    List<Long> counts = new ArrayList<>(last - first + 1);
    for (int slot = first; slot <= last; slot++) {
      counts.add(slots[slot]);
    }
    return ExponentialHistogramBuckets.create(0, Log2Buckets.exponent(first), counts);
  }

  private static MetricData sum(
      Resource resource, String name, String help, List<LongPointData> points) {
    return new ProducedMetric(resource, SCOPE_INFO, name, help, MetricDataType.LONG_SUM,
        SumData.createLongSumData(true, AggregationTemporality.CUMULATIVE, points));
  }

  private static MetricData gauge(
      Resource resource, String name, String help, List<LongPointData> points) {
    return new ProducedMetric(resource, SCOPE_INFO, name, help, MetricDataType.LONG_GAUGE,
        GaugeData.createLongGaugeData(points));
  }

  private static Attributes attributes(List<String> names, List<String> values) {
    AttributesBuilder b = Attributes.builder();
    for (int i = 0; i < names.size(); i++) {
      b.put(names.get(i), values.get(i));
    }
    return b.build();
  }

  private static long epochNanos() {
    return TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
  }
}
