package io.ebpf4j.api;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A histogram of a field, read from the kernel: {@link Aggregate.Kind#LOG2_HISTOGRAM} or {@link
 * Aggregate.Kind#LINEAR_HISTOGRAM}. Immutable.
 *
 * <p>{@link #buckets()} runs from the first bucket with a value to the last, as bpftrace prints
 * them; {@link #print} lays them out as bcc's tools do ({@code print_log2_hist}), with one row
 * per bucket, its count and a bar of up to 40 stars.
 */
public final class Histogram {

  /** Slots of a log2 histogram: negative values, 0, then [2^(i-2), 2^(i-1)) up to 2^63. */
  public static final int LOG2_SLOTS = 65;

  private static final int STARS = 40;

  /**
   * One bucket: the values from {@code low} to {@code high}, both included. The bucket of
   * negative values (log2) or of values below {@code min} (linear) has {@code low} {@link
   * Long#MIN_VALUE}; the bucket of values from {@code max} on has {@code high} {@link
   * Long#MAX_VALUE}.
   */
  public record Bucket(long low, long high, long count) {}

  private final List<Bucket> buckets;
  private final long count;
  private final long sum;
  private final long min;
  private final long max;

  private Histogram(List<Bucket> all, long count, long sum, long min, long max) {
    int first = 0;
    while (first < all.size() && all.get(first).count() == 0) {
      first++;
    }
    int last = all.size() - 1;
    while (last >= first && all.get(last).count() == 0) {
      last--;
    }
    this.buckets = List.copyOf(all.subList(first, last + 1));
    this.count = count;
    this.sum = sum;
    this.min = min;
    this.max = max;
  }

  /**
   * A log2 histogram from its slots, as the kernel keeps them: slot 0 counts negative values,
   * slot 1 zeros, slot {@code i >= 2} the values from {@code 2^(i-2)} to {@code 2^(i-1) - 1}.
   */
  public static Histogram log2(long[] slots, long count, long sum, long min, long max) {
    if (slots.length != LOG2_SLOTS) {
      throw new IllegalArgumentException(
          "a log2 histogram has " + LOG2_SLOTS + " slots, not " + slots.length);
    }
    List<Bucket> all = new ArrayList<>();
    all.add(new Bucket(Long.MIN_VALUE, -1, slots[0]));
    all.add(new Bucket(0, 0, slots[1]));
    for (int i = 2; i < LOG2_SLOTS; i++) {
      long low = 1L << (i - 2);
      long high = i == LOG2_SLOTS - 1 ? Long.MAX_VALUE : (1L << (i - 1)) - 1;
      all.add(new Bucket(low, high, slots[i]));
    }
    return new Histogram(all, count, sum, min, max);
  }

  /**
   * A linear histogram from its slots: slot 0 counts the values below {@code low}, slot {@code i}
   * those from {@code low + (i-1) * step} up to {@code step} more, the last slot those from
   * {@code low + (slots.length - 2) * step} on.
   */
  public static Histogram linear(
      long low, long step, long[] slots, long count, long sum, long min, long max) {
    if (slots.length < 3 || step <= 0) {
      throw new IllegalArgumentException("a linear histogram needs 3 slots and a positive step");
    }
    List<Bucket> all = new ArrayList<>();
    all.add(new Bucket(Long.MIN_VALUE, low - 1, slots[0]));
    for (int i = 1; i < slots.length - 1; i++) {
      long start = low + (i - 1) * step;
      all.add(new Bucket(start, start + step - 1, slots[i]));
    }
    all.add(new Bucket(low + (slots.length - 2) * step, Long.MAX_VALUE, slots[slots.length - 1]));
    return new Histogram(all, count, sum, min, max);
  }

  /** The buckets from the first with a value to the last; empty if there were no values. */
  public List<Bucket> buckets() {
    return buckets;
  }

  /** The values counted. */
  public long count() {
    return count;
  }

  /** The values added up. */
  public long sum() {
    return sum;
  }

  /** The smallest value; 0 if there were none. */
  public long min() {
    return min;
  }

  /** The largest value; 0 if there were none. */
  public long max() {
    return max;
  }

  /** The mean value, or 0 if there were none. */
  public double mean() {
    return count == 0 ? 0 : (double) sum / count;
  }

  /**
   * An estimate of the {@code p}-th percentile (0 to 100): the bucket that holds that rank, with
   * the value interpolated linearly within it and kept between {@link #min()} and {@link #max()};
   * 0 if there were no values.
   */
  public double percentile(double p) {
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("a percentile is between 0 and 100, not " + p);
    }
    long total = buckets.stream().mapToLong(Bucket::count).sum();
    if (total == 0) {
      return 0;
    }
    double rank = p / 100 * total;
    long seen = 0;
    for (Bucket b : buckets) {
      if (b.count() > 0 && seen + b.count() >= rank) {
        double low = Math.max(b.low(), min);
        double high = Math.min(b.high(), max);
        double within = (rank - seen) / b.count();
        return Math.min(Math.max(low + within * (high - low), min), max);
      }
      seen += b.count();
    }
    return max;
  }

  /** Prints the buckets as bcc's tools do, under a header naming the values ({@code "usecs"}). */
  public void print(PrintStream out, String valueType) {
    out.print(format(valueType));
  }

  /** The rows {@link #print} prints, under a header naming the values. */
  public String format(String valueType) {
    StringBuilder text = new StringBuilder();
    boolean wide =
        buckets.stream().anyMatch(b -> label(b.high()).length() > 10 || label(b.low()).length() > 10);
    int width = wide ? 20 : 10;
    text.append(" ".repeat(wide ? 15 : 5))
        .append(String.format("%-" + (wide ? 29 : 19) + "s", valueType))
        .append(" : count     distribution\n");
    long most = buckets.stream().mapToLong(Bucket::count).max().orElse(0);
    for (Bucket b : buckets) {
      text.append(String.format("%" + width + "s -> %-" + width + "s : %-8d |%-" + STARS + "s|%n",
          label(b.low()), label(b.high()), b.count(), stars(b.count(), most)));
    }
    return text.toString();
  }

  private static String label(long bound) {
    return bound == Long.MIN_VALUE ? "-inf" : bound == Long.MAX_VALUE ? "inf" : Long.toString(bound);
  }

  private static String stars(long value, long most) {
    if (most == 0) {
      return "";
    }
    return "*".repeat((int) (value * STARS / most));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h
        && h.count == count && h.sum == sum && h.min == min && h.max == max
        && h.buckets.equals(buckets);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new long[] {count, sum, min, max}) * 31 + buckets.hashCode();
  }

  /** The summary and the rows, as {@link #print} prints them, for values without a unit. */
  @Override
  public String toString() {
    return String.format("count %d, sum %d, min %d, max %d, mean %.1f%n", count, sum, min, max,
        mean()) + format("value");
  }
}
