package io.ebpf4j.processor.shape;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stats;
import io.ebpf4j.api.internal.AggregateSpec;
import io.ebpf4j.processor.model.MemberType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code @Aggregate} of one probe, validated: what is kept per key, of which field, keyed by
 * which fields, and the generated key record.
 *
 * @param kind what is kept per key
 * @param value the field aggregated; empty for {@link Aggregate.Kind#COUNT}
 * @param keys the key's fields, in order
 * @param keyRecord the generated key record; empty without key fields
 * @param keyOffsets where each key field sits in the C key struct
 * @param keySize the C key's size
 * @param maxKeys the most keys the map holds
 * @param intervalMillis how often the method gets the aggregate; 0 for only at close
 * @param reset whether a read gives only what was added since the previous one
 * @param min a linear histogram's first bucket
 * @param max the end of its last bucket
 * @param step its buckets' width
 * @param origin the event record the key fields come from, for the key record's Javadoc
 */
public record Aggregation(
    Aggregate.Kind kind,
    Optional<Field> value,
    List<Field> keys,
    Optional<ClassName> keyRecord,
    List<Integer> keyOffsets,
    int keySize,
    int maxKeys,
    long intervalMillis,
    boolean reset,
    long min,
    long max,
    long step,
    ClassName origin) {

  /** A C key without fields: one {@code u32} zero. */
  public static final int UNKEYED_SIZE = 4;

  public Aggregation {
    keys = List.copyOf(keys);
    keyOffsets = List.copyOf(keyOffsets);
  }

  /**
   * One field of the probe's record, as a key or a value: the record component, its member in the
   * event struct and how it is carried.
   */
  public record Field(String javaName, String cName, MemberType type) {}

  /** The key's layout, from offset 0, each field aligned as a C compiler aligns it. */
  public static Aggregation of(
      Aggregate.Kind kind, Optional<Field> value, List<Field> keys, Optional<ClassName> keyRecord,
      int stringSize, int maxKeys, long intervalMillis, boolean reset, long min, long max,
      long step, ClassName origin) {
    List<Integer> offsets = new ArrayList<>();
    int end = 0;
    int alignment = 1;
    for (Field key : keys) {
      int offset = alignUp(end, key.type().alignment());
      offsets.add(offset);
      end = offset + key.type().size(stringSize);
      alignment = Math.max(alignment, key.type().alignment());
    }
    int size = keys.isEmpty() ? UNKEYED_SIZE : alignUp(end, alignment);
    return new Aggregation(kind, value, keys, keyRecord, offsets, size, maxKeys, intervalMillis,
        reset, min, max, step, origin);
  }

  private static int alignUp(int value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }

  /** Whether a key field or the value is the event struct's member {@code cName}. */
  public boolean uses(String cName) {
    return keys.stream().anyMatch(k -> k.cName().equals(cName))
        || value.map(v -> v.cName().equals(cName)).orElse(false);
  }

  /** Whether each value is one {@code u64}, not the stats header with its buckets. */
  public boolean scalar() {
    return kind == Aggregate.Kind.COUNT || kind == Aggregate.Kind.SUM;
  }

  /** Buckets of a histogram: see {@link Histogram#log2} and {@link Histogram#linear}. */
  public int slots() {
    return switch (kind) {
      case LOG2_HISTOGRAM -> Histogram.LOG2_SLOTS;
      case LINEAR_HISTOGRAM -> (int) ((max - min) / step) + 2;
      default -> 0;
    };
  }

  /** Bytes of a value on one CPU. */
  public int valueSize() {
    return scalar() ? Long.BYTES : AggregateSpec.STATS_HEADER_SIZE + Long.BYTES * slots();
  }

  /** What one key's value is in Java: {@code Long}, {@link Stats} or {@link Histogram}. */
  public static TypeName valueType(Aggregate.Kind kind) {
    return switch (kind) {
      case COUNT, SUM, MIN, MAX -> ClassName.get(Long.class);
      case STATS -> ClassName.get(Stats.class);
      case LOG2_HISTOGRAM, LINEAR_HISTOGRAM -> ClassName.get(Histogram.class);
    };
  }

  /** The method's parameter: {@code Map<Key, Long>}, or the unkeyed value ({@code long}). */
  public TypeName parameterType() {
    TypeName value = valueType(kind);
    if (keyRecord.isPresent()) {
      return ParameterizedTypeName.get(ClassName.get(Map.class), keyRecord.get(), value);
    }
    return value.equals(ClassName.get(Long.class)) ? TypeName.LONG : value;
  }
}
