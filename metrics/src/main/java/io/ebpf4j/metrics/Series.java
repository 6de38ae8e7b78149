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

  /** The value a key's rank is decided by: a counter's value, a histogram's or stats' count. */
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

  /**
   * A {@code STATS} aggregate's key: how many values, their sum, the smallest and the largest.
   *
   * @param min the smallest value, 0 if there were none
   * @param max the largest value, 0 if there were none
   */
  record Stats(List<String> labels, long count, long sum, long min, long max) implements Series {
    public Stats {
      labels = List.copyOf(labels);
    }

    @Override
    public long rank() {
      return count;
    }
  }

  /**
   * A linear histogram as the kernel keeps it, from the first bucket that counted something to
   * the last.
   *
   * @param upperBounds each bucket's largest value, ascending: an exact, inclusive bound for
   *     integers (Prometheus's {@code le}); {@link Long#MAX_VALUE} for the bucket of the values
   *     from the aggregate's {@code max} on
   * @param counts each bucket's count, as many as {@code upperBounds}
   * @param sum the values added up
   * @param min the smallest value, 0 if there were none
   * @param max the largest value, 0 if there were none
   */
  record LinearHistogram(List<String> labels, long[] upperBounds, long[] counts, long sum,
      long min, long max) implements Series {
    public LinearHistogram {
      labels = List.copyOf(labels);
      upperBounds = upperBounds.clone();
      counts = counts.clone();
      if (upperBounds.length != counts.length) {
        throw new IllegalArgumentException(
            upperBounds.length + " bounds but " + counts.length + " counts");
      }
    }

    @Override
    public long[] upperBounds() {
      return upperBounds.clone();
    }

    @Override
    public long[] counts() {
      return counts.clone();
    }

    /** The values counted: every bucket added up. */
    public long count() {
      long n = 0;
      for (long c : counts) {
        n += c;
      }
      return n;
    }

    @Override
    public long rank() {
      return count();
    }
  }
}
