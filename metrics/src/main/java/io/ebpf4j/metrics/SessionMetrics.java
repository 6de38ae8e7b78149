package io.ebpf4j.metrics;

import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stats;
import io.ebpf4j.runtime.ProbeSession;
import io.ebpf4j.runtime.SessionStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which aggregations of a session are exported, under which names, and how many keys each keeps:
 * the part of the exporters that knows nothing of Micrometer or OpenTelemetry. Each {@link #read}
 * reads every aggregate once, as {@link ProbeSession#aggregate} does.
 *
 * <p><b>Cardinality.</b> A key's fields become labels, so a metric has as many series as keys:
 * by {@code pid} or {@code comm} that is unbounded. Each reading keeps the {@link
 * Builder#topKeys} keys with the largest values (a histogram's count; ties by label values) and
 * sums all the others into one series whose every label is {@link Builder#otherLabel}. A key
 * that falls out of the top, or comes back into it, moves its value between its own series and
 * the sum, which Prometheus's {@code rate()} reads as a counter reset: raise {@code topKeys} if
 * keys change rank often.
 *
 * <p>Aggregates declared with {@code reset = true} give only what was added since the previous
 * read, by whichever reader: export only aggregates without it, whose values grow as counters.
 *
 * <p>Immutable and thread-safe.
 */
public final class SessionMetrics {

  /** Keys kept per metric unless {@link Builder#topKeys} says otherwise. */
  public static final int DEFAULT_TOP_KEYS = 50;

  /** The label value of the series that sums the keys beyond the top ones. */
  public static final String DEFAULT_OTHER_LABEL = "other";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final Function<String, ?> aggregates;
  private final Supplier<SessionStats> stats;
  private final List<MetricSpec> specs;
  private final int topKeys;
  private final String otherLabel;

  private SessionMetrics(Builder b) {
    this.aggregates = b.aggregates;
    this.stats = b.stats;
    this.specs = List.copyOf(b.specs.values());
    this.topKeys = b.topKeys;
    this.otherLabel = b.otherLabel;
  }

  /** Starts describing the metrics of {@code session}. */
  public static Builder builder(ProbeSession session) {
    return new Builder(session::aggregate, session::stats);
  }

  /**
   * Starts describing metrics read from {@code aggregates} (by method, as {@link
   * ProbeSession#aggregate}) and {@code stats}: for tests of handlers and exporters without a
   * kernel.
   */
  public static Builder builder(Function<String, ?> aggregates, Supplier<SessionStats> stats) {
    return new Builder(aggregates, stats);
  }

  /** The exported metrics, in the order they were added. */
  public List<MetricSpec> specs() {
    return specs;
  }

  /** Keys kept per metric before the rest are summed. */
  public int topKeys() {
    return topKeys;
  }

  /** The label value of the series that sums the rest. */
  public String otherLabel() {
    return otherLabel;
  }

  /** Every metric now, in {@link #specs()} order. */
  public List<Reading> read() {
    List<Reading> readings = new ArrayList<>(specs.size());
    for (MetricSpec spec : specs) {
      readings.add(read(spec));
    }
    return readings;
  }

  /** The session's own figures now. */
  public List<SessionFigure> figures() {
    return SessionFigure.of(stats.get());
  }

  private Reading read(MetricSpec spec) {
    Object value = aggregates.apply(spec.method());
    if (!(value instanceof Map<?, ?> map)) {
      return new Reading(spec, List.of(), List.of(series(spec, List.of(), value)), 0);
    }
    if (map.isEmpty()) {
      return new Reading(spec, List.of(), List.of(), 0);
    }
    List<String> names = KeyLabels.names(map.keySet().iterator().next());
    List<Series> all = new ArrayList<>(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      all.add(series(spec, KeyLabels.values(e.getKey()), e.getValue()));
    }
    all.sort(Comparator.comparingLong(Series::rank).reversed()
        .thenComparing(s -> String.join("\u0000", s.labels())));
    if (all.size() <= topKeys) {
      return new Reading(spec, names, all, 0);
    }
    List<Series> kept = new ArrayList<>(all.subList(0, topKeys));
    List<Series> rest = all.subList(topKeys, all.size());
    kept.add(fold(Collections.nCopies(names.size(), otherLabel), rest));
    return new Reading(spec, names, kept, rest.size());
  }

  /** The series of one key's value, checked against what the spec exports. */
  private static Series series(MetricSpec spec, List<String> labels, Object value) {
    switch (spec.type()) {
      case COUNTER -> {
        if (value instanceof Long n) {
          return new Series.Counter(labels, n);
        }
      }
      case LOG2_HISTOGRAM -> {
        if (value instanceof Histogram h) {
          return log2(spec, labels, h);
        }
      }
      case STATS -> {
        if (value instanceof Stats st) {
          return new Series.Stats(labels, st.count(), st.sum(), st.min(), st.max());
        }
      }
      case LINEAR_HISTOGRAM -> {
        if (value instanceof Histogram h) {
          return linear(labels, h);
        }
      }
    }
    throw new IllegalArgumentException(
        spec.method() + " gives " + describe(value) + ", which cannot be exported as "
            + switch (spec.type()) {
              case COUNTER -> "a counter: counter() takes a COUNT or SUM @Aggregate";
              case LOG2_HISTOGRAM ->
                  "a log2 histogram: log2Histogram() takes a LOG2_HISTOGRAM @Aggregate";
              case STATS -> "stats: stats() takes a STATS @Aggregate";
              case LINEAR_HISTOGRAM ->
                  "a linear histogram: linearHistogram() takes a LINEAR_HISTOGRAM @Aggregate";
            });
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : "a " + value.getClass().getSimpleName();
  }

  /** The kernel's slots back from a log2 histogram's buckets; refuses a linear one. */
  private static Series.Log2Histogram log2(MetricSpec spec, List<String> labels, Histogram h) {
    long[] slots = new long[Histogram.LOG2_SLOTS];
    for (Histogram.Bucket b : h.buckets()) {
      int slot = Log2Buckets.slotOf(b);
      if (slot < 0) {
        throw new IllegalArgumentException(
            spec.method() + " is not a LOG2_HISTOGRAM (it has the bucket " + b.low() + " to "
                + b.high() + "): log2Histogram() takes a LOG2_HISTOGRAM @Aggregate, and"
                + " linearHistogram() a LINEAR_HISTOGRAM");
      }
      slots[slot] = b.count();
    }
    return new Series.Log2Histogram(labels, slots, h.sum(), h.min(), h.max());
  }

  /**
   * A histogram's buckets as they are, each by its largest value. Any histogram's bounds are
   * exact, so this takes a log2 one as well; a linear one's are {@code min - 1}, then {@code min
   * + step - 1}, {@code min + 2 * step - 1}, ..., up to the bucket from {@code max} on.
   */
  private static Series.LinearHistogram linear(List<String> labels, Histogram h) {
    List<Histogram.Bucket> buckets = h.buckets();
    long[] bounds = new long[buckets.size()];
    long[] counts = new long[buckets.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = buckets.get(i).high();
      counts[i] = buckets.get(i).count();
    }
    return new Series.LinearHistogram(labels, bounds, counts, h.sum(), h.min(), h.max());
  }

  /**
   * The sum of {@code rest}: counters added, histograms added bucket by bucket, stats' counts
   * and sums added and their min and max over the keys that had values.
   */
  private static Series fold(List<String> labels, List<Series> rest) {
    switch (rest.getFirst()) {
      case Series.Counter unused -> {
        long total = 0;
        for (Series s : rest) {
          total += ((Series.Counter) s).value();
        }
        return new Series.Counter(labels, total);
      }
      case Series.Log2Histogram unused -> {
        return foldLog2(labels, rest);
      }
      case Series.Stats unused -> {
        return foldStats(labels, rest);
      }
      case Series.LinearHistogram unused -> {
        return foldLinear(labels, rest);
      }
    }
  }

  private static Series foldLog2(List<String> labels, List<Series> rest) {
    long[] slots = new long[Histogram.LOG2_SLOTS];
    long sum = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Series s : rest) {
      Series.Log2Histogram h = (Series.Log2Histogram) s;
      long[] theirs = h.slots();
      for (int i = 0; i < slots.length; i++) {
        slots[i] += theirs[i];
      }
      sum += h.sum();
      if (h.count() > 0) {
        min = Math.min(min, h.min());
        max = Math.max(max, h.max());
      }
    }
    boolean none = min == Long.MAX_VALUE;
    return new Series.Log2Histogram(labels, slots, sum, none ? 0 : min, none ? 0 : max);
  }

  private static Series foldStats(List<String> labels, List<Series> rest) {
    long count = 0;
    long sum = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Series s : rest) {
      Series.Stats st = (Series.Stats) s;
      count += st.count();
      sum += st.sum();
      if (st.count() > 0) {
        min = Math.min(min, st.min());
        max = Math.max(max, st.max());
      }
    }
    boolean none = count == 0;
    return new Series.Stats(labels, count, sum, none ? 0 : min, none ? 0 : max);
  }

  /** Every key's buckets by their bounds: the keys of one aggregate share the kernel's. */
  private static Series foldLinear(List<String> labels, List<Series> rest) {
    TreeMap<Long, Long> byBound = new TreeMap<>();
    long sum = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Series s : rest) {
      Series.LinearHistogram h = (Series.LinearHistogram) s;
      long[] bounds = h.upperBounds();
      long[] counts = h.counts();
      for (int i = 0; i < bounds.length; i++) {
        byBound.merge(bounds[i], counts[i], Long::sum);
      }
      sum += h.sum();
      if (h.count() > 0) {
        min = Math.min(min, h.min());
        max = Math.max(max, h.max());
      }
    }
    long[] bounds = new long[byBound.size()];
    long[] counts = new long[byBound.size()];
    int i = 0;
    for (Map.Entry<Long, Long> e : byBound.entrySet()) {
      bounds[i] = e.getKey();
      counts[i++] = e.getValue();
    }
    boolean none = min == Long.MAX_VALUE;
    return new Series.LinearHistogram(labels, bounds, counts, sum, none ? 0 : min,
        none ? 0 : max);
  }

  /** Describes the metrics of one session. */
  public static final class Builder {
    private final Function<String, ?> aggregates;
    private final Supplier<SessionStats> stats;
    private final Map<String, MetricSpec> specs = new LinkedHashMap<>();
    /** Each name a metric is exported under, to the method it reads. */
    private final Map<String, String> names = new LinkedHashMap<>();
    private int topKeys = DEFAULT_TOP_KEYS;
    private String otherLabel = DEFAULT_OTHER_LABEL;

    private Builder(Function<String, ?> aggregates, Supplier<SessionStats> stats) {
      this.aggregates = Objects.requireNonNull(aggregates, "aggregates");
      this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** Exports the {@code COUNT} or {@code SUM} aggregate of {@code method} as a counter. */
    public Builder counter(String method, String name, String help) {
      return add(new MetricSpec(method, name, help, MetricSpec.Type.COUNTER));
    }

    /** Exports the {@code LOG2_HISTOGRAM} aggregate of {@code method} as a histogram. */
    public Builder log2Histogram(String method, String name, String help) {
      return add(new MetricSpec(method, name, help, MetricSpec.Type.LOG2_HISTOGRAM));
    }

    /**
     * Exports the {@code STATS} aggregate of {@code method}: per key, its count and sum as
     * counters ({@code <name>_count}, {@code <name>_sum}) and its min and max as gauges.
     */
    public Builder stats(String method, String name, String help) {
      return add(new MetricSpec(method, name, help, MetricSpec.Type.STATS));
    }

    /**
     * Exports the {@code LINEAR_HISTOGRAM} aggregate of {@code method} as a histogram whose
     * bounds are its buckets' largest values.
     */
    public Builder linearHistogram(String method, String name, String help) {
      return add(new MetricSpec(method, name, help, MetricSpec.Type.LINEAR_HISTOGRAM));
    }

    /** Keys kept per metric, the largest first; the rest are summed. At least 1. */
    public Builder topKeys(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("topKeys must be at least 1, not " + n);
      }
      this.topKeys = n;
      return this;
    }

    /** The label value of the series that sums the keys beyond the top ones. */
    public Builder otherLabel(String label) {
      this.otherLabel = Objects.requireNonNull(label, "label");
      return this;
    }

    private Builder add(MetricSpec spec) {
      if (!NAME.matcher(spec.name()).matches()) {
        throw new IllegalArgumentException(
            "metric name \"" + spec.name() + "\" is not [a-zA-Z_][a-zA-Z0-9_]*: use letters,"
                + " digits and underscores, e.g. \"getppid_calls\"");
      }
      if (spec.name().endsWith("_total") || spec.name().startsWith("ebpf4j_")) {
        throw new IllegalArgumentException(
            "metric name \"" + spec.name() + "\" may not end in _total (the exporters add it)"
                + " nor start with ebpf4j_ (the session's own figures)");
      }
      for (String name : names(spec)) {
        if (names.containsKey(name)) {
          throw new IllegalArgumentException(
              "metric name \"" + name + "\" is taken by " + names.get(name));
        }
      }
      names(spec).forEach(name -> names.put(name, spec.method()));
      specs.put(spec.name(), spec);
      return this;
    }

    /** The names {@code spec} is exported under: a stats' gauges have names of their own. */
    private static List<String> names(MetricSpec spec) {
      return spec.type() == MetricSpec.Type.STATS
          ? List.of(spec.name(), spec.name() + "_min", spec.name() + "_max")
          : List.of(spec.name());
    }

    /**
     * The metrics; reads each aggregate once, so that a method that does not exist, or whose
     * aggregate is not what it is exported as, fails here.
     *
     * @throws IllegalArgumentException naming the method and what it gives
     */
    public SessionMetrics build() {
      SessionMetrics metrics = new SessionMetrics(this);
      metrics.read();
      return metrics;
    }
  }
}
