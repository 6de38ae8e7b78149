package io.ebpf4j.metrics;

import io.ebpf4j.api.Histogram;

/**
 * The bounds of the kernel's log2 slots, for the exporters. Slot 0 holds the negative values,
 * slot 1 the zeros, slot {@code i >= 2} the integers from {@code 2^(i-2)} to {@code 2^(i-1) -
 * 1}: so each slot's largest value is an exact, inclusive upper bound (Prometheus's {@code le}):
 * -1, 0, 1, 3, 7, 15, ...
 */
public final class Log2Buckets {

  private Log2Buckets() {}

  /** The largest value of {@code slot}: -1, 0, then {@code 2^(slot-1) - 1}. */
  public static long upperBound(int slot) {
    if (slot < 0 || slot >= Histogram.LOG2_SLOTS) {
      throw new IllegalArgumentException("no log2 slot " + slot);
    }
    if (slot == 0) {
      return -1;
    }
    return slot == Histogram.LOG2_SLOTS - 1 ? Long.MAX_VALUE : (1L << (slot - 1)) - 1;
  }

  /** The exponent {@code k} of a positive slot's values, {@code 2^k} to {@code 2^(k+1) - 1}. */
  public static int exponent(int slot) {
    if (slot < 2 || slot >= Histogram.LOG2_SLOTS) {
      throw new IllegalArgumentException("slot " + slot + " holds no positive values");
    }
    return slot - 2;
  }

  /** The slot of a log2 histogram's bucket, or -1 if the bucket is not one of its slots. */
  static int slotOf(Histogram.Bucket b) {
    if (b.low() == Long.MIN_VALUE) {
      return b.high() == -1 ? 0 : -1;
    }
    if (b.low() == 0) {
      return b.high() == 0 ? 1 : -1;
    }
    if (Long.bitCount(b.low()) != 1) {
      return -1;
    }
    int slot = Long.numberOfTrailingZeros(b.low()) + 2;
    return b.high() == upperBound(slot) ? slot : -1;
  }
}
