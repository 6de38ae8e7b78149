package io.ebpf4j.metrics;

import java.util.List;

/**
 * The value of one key of a metric at one reading. Its {@code labels} are the key's values, in
 * the order of {@link Reading#labelNames()}; the series that sums the keys beyond the top ones
 * has every label set to {@link SessionMetrics.Builder#otherLabel the other label}.
 */
public sealed interface Series {

  /** The key's values, as strings. */
  List<String> labels();

  /** The value a key's rank is decided by: a counter's value, a histogram's count. */
  long rank();

  /** A counter's value. */
  record Counter(List<String> labels, long value) implements Series {
    public Counter {
      labels = List.copyOf(labels);
    }

    @Override
    public long rank() {
      return value;
    }
  }

  /**
   * A log2 histogram as the kernel keeps it.
   *
   * @param slots {@link io.ebpf4j.api.Histogram#LOG2_SLOTS} counts: slot 0 the negative values,
   *     slot 1 the zeros, slot {@code i >= 2} the values from {@code 2^(i-2)} to {@code 2^(i-1) -
   *     1}
   * @param sum the values added up
   * @param min the smallest value, 0 if there were none
   * @param max the largest value, 0 if there were none
   */
  record Log2Histogram(List<String> labels, long[] slots, long sum, long min, long max)
      implements Series {
    public Log2Histogram {
      labels = List.copyOf(labels);
      slots = slots.clone();
    }

    @Override
    public long[] slots() {
      return slots.clone();
    }

    /** The values counted: every slot added up. */
    public long count() {
      long n = 0;
      for (long s : slots) {
        n += s;
      }
      return n;
    }

    @Override
    public long rank() {
      return count();
    }
  }
}
