package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Histogram;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java side of a histogram: its buckets' bounds, its estimates and its print layout. */
class HistogramTest {

  private static long[] log2Slots(int... countsFromSlot0) {
    long[] slots = new long[Histogram.LOG2_SLOTS];
    for (int i = 0; i < countsFromSlot0.length; i++) {
      slots[i] = countsFromSlot0[i];
    }
    return slots;
  }

  @Test
  void log2BucketsAreBpftracesFromTheFirstToTheLastWithValues() {
    // slot 0: negatives, 1: zero, 2: [1], 3: [2, 3], 4: [4, 7], 5: [8, 15]
    Histogram h = Histogram.log2(log2Slots(0, 0, 1, 0, 3, 2), 6, 37, 1, 12);
    assertEquals(
        List.of(
            new Histogram.Bucket(1, 1, 1),
            new Histogram.Bucket(2, 3, 0),
            new Histogram.Bucket(4, 7, 3),
            new Histogram.Bucket(8, 15, 2)),
        h.buckets());
    assertEquals(37.0 / 6, h.mean(), 1e-9);
  }

  @Test
  void percentilesInterpolateWithinTheirBucketAndStayBetweenMinAndMax() {
    Histogram h = Histogram.log2(log2Slots(0, 0, 0, 0, 10), 10, 55, 4, 7);
    assertEquals(4, h.percentile(0), 1e-9);
    assertEquals(5.5, h.percentile(50), 1e-9);
    assertEquals(7, h.percentile(100), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> h.percentile(101));
    assertEquals(0, Histogram.log2(log2Slots(), 0, 0, 0, 0).percentile(50));
  }

  @Test
  void linearBucketsHaveAnUnderflowAndAnOverflow() {
    Histogram h = Histogram.linear(0, 10, new long[] {1, 2, 0, 4}, 7, 100, -5, 40);
    assertEquals(
        List.of(
            new Histogram.Bucket(Long.MIN_VALUE, -1, 1),
            new Histogram.Bucket(0, 9, 2),
            new Histogram.Bucket(10, 19, 0),
            new Histogram.Bucket(20, Long.MAX_VALUE, 4)),
        h.buckets());
  }

  @Test
  void printsInTheLayoutOfBccsPrintLog2Hist() {
    Histogram h = Histogram.log2(log2Slots(0, 0, 0, 2, 4), 6, 30, 2, 7);
    String printed = h.format("usecs");
    assertEquals(
        "     usecs               : count     distribution\n"
            + "         2 -> 3          : 2        |********************                    |"
            + System.lineSeparator()
            + "         4 -> 7          : 4        |****************************************|"
            + System.lineSeparator(),
        printed);
    assertTrue(h.toString().startsWith("count 6, sum 30, min 2, max 7"), h.toString());
  }
}
