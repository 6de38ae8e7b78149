package io.ebpf4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Typed access to a per-CPU hash, per-CPU array or LRU per-CPU hash of a {@link BpfModule}, opened
 * by {@link BpfModule#perCpuTable(String, Class, Class)}. Each key has one value per possible CPU
 * ({@code /sys/devices/system/cpu/possible}), in CPU order; integer values can also be read summed
 * over the CPUs.
 *
 * <pre>{@code
 * PerCpuTable<Integer, Long> hits = module.perCpuTable("hits", Integer.class, Long.class);
 * System.out.println(hits.sums());
 * }</pre>
 *
 * <p>Valid while its module is open; after, every call throws {@link IllegalStateException}. Not
 * thread-safe.
 */
public final class PerCpuTable<K, V> {
  private final MapAccess map;
  private final MapCodec<K> keys;
  private final MapCodec<V> values;

  /** The kernel keeps each CPU's value at a multiple of 8 bytes. */
  private final long slot;

  PerCpuTable(MapAccess map, MapCodec<K> keys, MapCodec<V> values) {
    this.map = map;
    this.keys = keys;
    this.values = values;
    this.slot = map.valueSize() / map.cpus();
  }

  /** The map's name in the C source. */
  public String name() {
    return map.name();
  }

  /** The map's type. */
  public MapType type() {
    return map.type();
  }

  /** The entries the map can hold ({@code max_entries}). */
  public long maxEntries() {
    return map.maxEntries();
  }

  /** The values per key: this machine's possible CPUs. */
  public int cpus() {
    return map.cpus();
  }

  /** The value of each CPU at {@code key}, or empty if there is none. */
  public Optional<List<V>> get(K key) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(map.valueSize(), 8);
      return map.lookup(BpfTable.encode(keys, key, arena), value)
          ? Optional.of(perCpu(value))
          : Optional.empty();
    }
  }

  /**
   * The values at {@code key} summed over the CPUs, or empty if there is none.
   *
   * @throws IllegalStateException if the values are not integers
   */
  public OptionalLong sum(K key) {
    PrimitiveCodec integer = integerValues();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(map.valueSize(), 8);
      return map.lookup(BpfTable.encode(keys, key, arena), value)
          ? OptionalLong.of(sum(integer, value))
          : OptionalLong.empty();
    }
  }

  /**
   * Sets the value of each CPU at {@code key}.
   *
   * @param perCpu one value per possible CPU, in order
   */
  public void put(K key, List<V> perCpu) {
    if (perCpu.size() != map.cpus()) {
      throw new IllegalArgumentException(
          "map `"
              + map.name()
              + "` has one value per possible CPU: give "
              + map.cpus()
              + " values, not "
              + perCpu.size());
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(map.valueSize(), 8);
      for (int cpu = 0; cpu < perCpu.size(); cpu++) {
        values.write(perCpu.get(cpu), value, cpu * slot);
      }
      map.update(BpfTable.encode(keys, key, arena), value);
    }
  }

  /**
   * Deletes the entry at {@code key}.
   *
   * @return false if there was none
   * @throws UnsupportedOperationException for an array, whose entries cannot be deleted
   */
  public boolean delete(K key) {
    try (Arena arena = Arena.ofConfined()) {
      return map.delete(BpfTable.encode(keys, key, arena));
    }
  }

  /** Every key, in the kernel's order (every index, for an array). */
  public List<K> keys() {
    try (Arena arena = Arena.ofConfined()) {
      List<K> result = new ArrayList<>();
      for (MemorySegment key : map.keys(arena)) {
        result.add(keys.read(key, 0));
      }
      return Collections.unmodifiableList(result);
    }
  }

  /** Every entry with its values per CPU, read by batches where the kernel has them. */
  public Map<K, List<V>> entries() {
    Map<K, List<V>> result = new LinkedHashMap<>();
    map.readAll((key, value) -> result.put(keys.read(key, 0), perCpu(value)));
    return Collections.unmodifiableMap(result);
  }

  /**
   * Every entry with its values summed over the CPUs.
   *
   * @throws IllegalStateException if the values are not integers
   */
  public Map<K, Long> sums() {
    PrimitiveCodec integer = integerValues();
    Map<K, Long> result = new LinkedHashMap<>();
    map.readAll((key, value) -> result.put(keys.read(key, 0), sum(integer, value)));
    return Collections.unmodifiableMap(result);
  }

  /** Deletes every entry; for an array, zeroes every CPU's value. */
  public void clear() {
    map.clear();
  }

  MapAccess access() {
    return map;
  }

  private List<V> perCpu(MemorySegment value) {
    List<V> result = new ArrayList<>(map.cpus());
    for (int cpu = 0; cpu < map.cpus(); cpu++) {
      result.add(values.read(value, cpu * slot));
    }
    return Collections.unmodifiableList(result);
  }

  private long sum(PrimitiveCodec integer, MemorySegment value) {
    long sum = 0;
    for (int cpu = 0; cpu < map.cpus(); cpu++) {
      sum += integer.readLong(value, cpu * slot);
    }
    return sum;
  }

  private PrimitiveCodec integerValues() {
    if (values instanceof PrimitiveCodec p && p.integer()) {
      return p;
    }
    throw new IllegalStateException(
        "the values of map `"
            + map.name()
            + "` are "
            + values.javaType()
            + ", not integers: read them per CPU with entries() and add them up there");
  }
}
