package io.ebpf4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to a hash, array or LRU hash map of a {@link BpfModule}, opened by {@link
 * BpfModule#table(String, Class, Class)}: keys of type {@code K} and values of type {@code V}, as
 * the C declaration lays them out (checked against bcc's sizes when the table was opened).
 *
 * <pre>{@code
 * BpfTable<Integer, Long> counts = module.table("counts", Integer.class, Long.class);
 * counts.entries().forEach((pid, n) -> System.out.println(pid + " " + n));
 * }</pre>
 *
 * <p>Valid while its module is open; after, every call throws {@link IllegalStateException}. A
 * failed kernel call throws {@link NativeCallException} with the errno. Not thread-safe.
 */
public final class BpfTable<K, V> {
  private final MapAccess map;
  private final MapCodec<K> keys;
  private final MapCodec<V> values;

  BpfTable(MapAccess map, MapCodec<K> keys, MapCodec<V> values) {
    this.map = map;
    this.keys = keys;
    this.values = values;
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

  /** The value at {@code key}, or empty if there is none. */
  public Optional<V> get(K key) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(map.valueSize(), 8);
      return map.lookup(encode(keys, key, arena), value)
          ? Optional.of(values.read(value, 0))
          : Optional.empty();
    }
  }

  /** Sets the value at {@code key}, making the entry if there is none. */
  public void put(K key, V value) {
    try (Arena arena = Arena.ofConfined()) {
      map.update(encode(keys, key, arena), encode(values, value, arena));
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
      return map.delete(encode(keys, key, arena));
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

  /**
   * Every entry, in the kernel's order, read by batches where the kernel has them. An entry the
   * programs change meanwhile may be read before or after the change.
   */
  public Map<K, V> entries() {
    Map<K, V> result = new LinkedHashMap<>();
    map.readAll((key, value) -> result.put(keys.read(key, 0), values.read(value, 0)));
    return Collections.unmodifiableMap(result);
  }

  /** Deletes every entry; for an array, zeroes every value. */
  public void clear() {
    map.clear();
  }

  /** The raw map, for tests: the batch switch and the path the last read took. */
  MapAccess access() {
    return map;
  }

  /** {@code value} in zeroed memory of {@code arena}, padding included. */
  static <T> MemorySegment encode(MapCodec<T> codec, T value, Arena arena) {
    if (value == null) {
      throw new NullPointerException("a map's keys and values cannot be null");
    }
    MemorySegment segment = arena.allocate(codec.size(), 8);
    codec.write(value, segment, 0);
    return segment;
  }
}
