package io.ebpf4j.api.internal;

import io.ebpf4j.api.Aggregate;

/**
 * One {@code @Aggregate} method, as the runtime reads its map: a per-CPU hash named {@code map}
 * whose keys are {@code keySize} bytes (decoded by {@link ProbeProgram#decodeKey}) and whose
 * values, per CPU, are {@code valueSize} bytes: one {@code u64} for {@link Aggregate.Kind#COUNT}
 * and {@link Aggregate.Kind#SUM}, else {@code u64 count; s64 sum; s64 min; s64 max;} followed by
 * {@code slots} {@code u64} buckets.
 *
 * @param probeId the probe's id
 * @param method the handler method, by simple name
 * @param map the per-CPU hash
 * @param kind what is kept per key
 * @param keyed whether the aggregate has key fields; if not, its one key is all zero bytes
 * @param keySize bytes of a key
 * @param valueSize bytes of a value on one CPU
 * @param slots buckets of a histogram, 0 for the other kinds
 * @param linearMin the first bucket's start, for a linear histogram
 * @param linearStep the width of a bucket, for a linear histogram
 * @param intervalMillis how often the method is called; 0 for only at close
 * @param reset whether a read gives only what was added since the previous read
 */
public record AggregateSpec(
    int probeId,
    String method,
    String map,
    Aggregate.Kind kind,
    boolean keyed,
    int keySize,
    int valueSize,
    int slots,
    long linearMin,
    long linearStep,
    long intervalMillis,
    boolean reset) {

  /** Bytes of {@code u64 count; s64 sum; s64 min; s64 max;} before the buckets. */
  public static final int STATS_HEADER_SIZE = 32;

  /** Whether a value is one {@code u64}, not the stats header and its buckets. */
  public boolean scalar() {
    return kind == Aggregate.Kind.COUNT || kind == Aggregate.Kind.SUM;
  }
}
