package io.ebpf4j.runtime;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stats;
import io.ebpf4j.api.internal.AggregateSpec;
import io.ebpf4j.api.internal.ProbeProgram;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the per-CPU hash of one {@code @Aggregate} probe into immutable Java values: it walks the
 * keys, sums each key's per-CPU values (the kernel hands back one per possible CPU, each rounded
 * up to 8 bytes), and decodes the key with the generated program.
 *
 * <p>Not thread-safe, and only valid while the module is open: the session serializes reads
 * with closing.
 */
final class AggregateReader {

  /** Per key, what the kernel kept: {@code count, sum, min, max, slots...}, or the one u64. */
  private record Totals(long[] values) {}

  private final AggregateSpec spec;
  private final ProbeProgram<?> program;
  private final BpfModule module;
  private final int fd;
  private final int cpus;
  private final long perCpuSize;
  /** For {@link AggregateSpec#reset()}: the totals at the previous read, by key. */
  private Map<Object, long[]> previous = new HashMap<>();

  AggregateReader(AggregateSpec spec, ProbeProgram<?> program, BpfModule module, int cpus) {
    this.spec = spec;
    this.program = program;
    this.module = module;
    this.fd = module.tableFd(spec.map());
    this.cpus = cpus;
    this.perCpuSize = (spec.valueSize() + 7L) / 8 * 8;
  }

  AggregateSpec spec() {
    return spec;
  }

  /**
   * The aggregate now: a {@code Map} of key records to values, or the one value of an aggregate
   * without keys; with {@link AggregateSpec#reset()}, what was added since the previous read.
   */
  Object read() {
    Map<Object, long[]> totals = new LinkedHashMap<>();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(spec.keySize(), 8);
      MemorySegment next = arena.allocate(spec.keySize(), 8);
      MemorySegment values = arena.allocate(perCpuSize * cpus, 8);
      // A NULL key starts the walk at the first key (Linux 4.12+; ring buffers need 5.8).
      MemorySegment at = MemorySegment.NULL;
      while (nextKey(at, next)) {
        MemorySegment.copy(next, 0, key, 0, spec.keySize());
        at = key;
        try {
          module.bcc().lookup(fd, key, values, "cannot read aggregate " + spec.method());
        } catch (NativeCallException e) {
          continue; // not there any more
        }
        Object decoded = spec.keyed() ? program.decodeKey(spec.probeId(), key) : "";
        totals.put(decoded, sum(values));
      }
    }
    Map<Object, long[]> added = totals;
    if (spec.reset()) {
      added = new LinkedHashMap<>();
      for (Map.Entry<Object, long[]> e : totals.entrySet()) {
        long[] now = e.getValue();
        long[] delta = minus(now, previous.get(e.getKey()));
        if (delta[0] != 0) {
          added.put(e.getKey(), delta);
        }
      }
      previous = new HashMap<>(totals);
    }
    if (!spec.keyed()) {
      long[] only = added.isEmpty() ? new long[width()] : added.values().iterator().next();
      return value(only);
    }
    Map<Object, Object> result = new LinkedHashMap<>();
    for (Map.Entry<Object, long[]> e : added.entrySet()) {
      result.put(e.getKey(), value(e.getValue()));
    }
    return Collections.unmodifiableMap(result);
  }

  /**
   * The key after {@code at} into {@code next}; false after the last. A walk the kernel refuses
   * ends there as well: a reading holds what the walk saw, as it skips an entry gone before its
   * lookup.
   */
  private boolean nextKey(MemorySegment at, MemorySegment next) {
    try {
      return module.bcc().nextKey(fd, at, next, "cannot walk an aggregate");
    } catch (NativeCallException e) {
      return false;
    }
  }

  private int width() {
    return spec.scalar() ? 1 : 4 + spec.slots();
  }

  /** The key's values over every CPU: counts, sums and buckets added, min and max compared. */
  private long[] sum(MemorySegment values) {
    long[] total = new long[width()];
    boolean any = false;
    for (int cpu = 0; cpu < cpus; cpu++) {
      long base = cpu * perCpuSize;
      if (spec.scalar()) {
        total[0] += values.get(ValueLayout.JAVA_LONG, base);
        continue;
      }
      long count = values.get(ValueLayout.JAVA_LONG, base);
      if (count == 0) {
        continue;
      }
      long min = values.get(ValueLayout.JAVA_LONG, base + 16);
      long max = values.get(ValueLayout.JAVA_LONG, base + 24);
      total[0] += count;
      total[1] += values.get(ValueLayout.JAVA_LONG, base + 8);
      total[2] = any ? Math.min(total[2], min) : min;
      total[3] = any ? Math.max(total[3], max) : max;
      any = true;
      for (int slot = 0; slot < spec.slots(); slot++) {
        total[4 + slot] +=
            values.get(ValueLayout.JAVA_LONG, base + AggregateSpec.STATS_HEADER_SIZE + 8L * slot);
      }
    }
    return total;
  }

  /** {@code now} less {@code before}, but min and max as they are now. */
  private static long[] minus(long[] now, long[] before) {
    if (before == null) {
      return now;
    }
    long[] delta = now.clone();
    for (int i = 0; i < delta.length; i++) {
      if (delta.length == 1 || (i != 2 && i != 3)) {
        delta[i] -= before[i];
      }
    }
    return delta;
  }

  private Object value(long[] raw) {
    Aggregate.Kind kind = spec.kind();
    return switch (kind) {
      case COUNT, SUM -> raw[0];
      case MIN -> raw[2];
      case MAX -> raw[3];
      case STATS -> new Stats(raw[0], raw[1], raw[2], raw[3]);
      case LOG2_HISTOGRAM ->
          Histogram.log2(Arrays.copyOfRange(raw, 4, raw.length), raw[0], raw[1], raw[2], raw[3]);
      case LINEAR_HISTOGRAM ->
          Histogram.linear(spec.linearMin(), spec.linearStep(),
              Arrays.copyOfRange(raw, 4, raw.length), raw[0], raw[1], raw[2], raw[3]);
    };
  }
}
