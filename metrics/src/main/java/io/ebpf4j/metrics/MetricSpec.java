package io.ebpf4j.metrics;

/**
 * One exported metric: which {@code @Aggregate} method it reads, and under which name.
 *
 * @param method the {@code @Aggregate} method, by simple name
 * @param name the metric's name, as Prometheus spells it ({@code [a-zA-Z_][a-zA-Z0-9_]*}), with no
 *     {@code _total} suffix: the exporters add what their format wants
 * @param help what the metric counts, for {@code # HELP} and OpenTelemetry's description
 * @param type how the aggregate is exported
 */
public record MetricSpec(String method, String name, String help, Type type) {

  /** How an aggregate is exported. */
  public enum Type {
    /** A {@code COUNT} or {@code SUM} aggregate: a monotonic counter per key. */
    COUNTER,
    /** A {@code LOG2_HISTOGRAM} aggregate: a histogram per key with power-of-two buckets. */
    LOG2_HISTOGRAM,
    /** A {@code STATS} aggregate: per key, count and sum as counters, min and max as gauges. */
    STATS,
    /** A {@code LINEAR_HISTOGRAM} aggregate: a histogram per key with its fixed-width buckets. */
    LINEAR_HISTOGRAM
  }
}
