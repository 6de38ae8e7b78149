package io.ebpf4j.metrics;

import java.util.List;

/**
 * One metric at one reading: the kept keys, largest first, and at most one more series that sums
 * the rest.
 *
 * @param spec the metric
 * @param labelNames the key record's component names, in declaration order; empty for an
 *     aggregate without keys, or while it has no key yet
 * @param series one per key kept, then the sum of the others if there were any
 * @param keysFolded how many keys the last series sums; 0 if none were folded
 */
public record Reading(MetricSpec spec, List<String> labelNames, List<Series> series,
    int keysFolded) {
  public Reading {
    labelNames = List.copyOf(labelNames);
    series = List.copyOf(series);
  }
}
