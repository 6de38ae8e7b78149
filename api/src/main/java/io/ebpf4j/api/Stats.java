package io.ebpf4j.api;

/**
 * Count, sum, min and max of a field over the events of one key: {@link Aggregate.Kind#STATS}.
 *
 * @param count the events
 * @param sum the values added up (wrapping at 64 bits, as the kernel adds them)
 * @param min the smallest value; 0 when there were none
 * @param max the largest value; 0 when there were none
 */
public record Stats(long count, long sum, long min, long max) {

  /** The mean value, or 0 when there were no events. */
  public double mean() {
    return count == 0 ? 0 : (double) sum / count;
  }
}
