package io.ebpf4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One map of a {@link BpfModule}, as bytes: lookups, updates, deletes and whole-map reads, each
 * temporary in a confined arena of its own. The typed tables ({@link BpfTable}, {@link
 * PerCpuTable}, {@link StackTraceTable}) put codecs on top.
 *
 * <p>Whole-map reads take {@code BPF_MAP_LOOKUP_BATCH} (Linux 5.6+) where the kernel and the map
 * type have it, and else walk the keys with {@code BPF_MAP_GET_NEXT_KEY} and look each up, as
 * bcc-Python's {@code items()} does. Every call first checks that the module is still open: a
 * closed module's fds are gone, or someone else's by now.
 */
final class MapAccess {
  /** How a whole-map read went. */
  enum ReadPath {
    BATCH,
    ITERATION
  }

  /** Receives one entry of a whole-map read; the segments are valid only during the call. */
  interface EntrySink {
    void accept(MemorySegment key, MemorySegment value);
  }

  private static final System.Logger LOG = System.getLogger(MapAccess.class.getName());

  /** {@code ENOTSUPP} (kernel-internal 524): the map type has no batch operations. */
  private static final int ENOTSUPP = 524;

  private static final int EOPNOTSUPP = 95;
  private static final int EINVAL = 22;
  private static final int ENOSPC = 28;

  /** Entries per batch call; grown when a hash bucket holds more ({@code ENOSPC}). */
  private static final int BATCH_ENTRIES = 4096;

  private final BpfModule module;
  private final Libbcc bcc;
  private final String name;
  private final MapType type;
  private final int fd;
  private final long keySize;
  private final long valueSize;
  private final long maxEntries;
  private final int cpus;

  /** Off to force the get-next-key walk, in tests; also turned off when the kernel refuses. */
  private boolean batchReads = true;

  private ReadPath lastReadPath;

  /**
   * @param leafSize one value's size; a per-CPU map's lookups copy it, rounded up to 8, once per
   *     possible CPU
   */
  MapAccess(
      BpfModule module,
      String name,
      MapType type,
      int fd,
      long keySize,
      long leafSize,
      long maxEntries,
      int cpus) {
    this.module = module;
    this.bcc = module.bcc();
    this.name = name;
    this.type = type;
    this.fd = fd;
    this.keySize = keySize;
    this.cpus = type.perCpu() ? cpus : 1;
    this.valueSize = type.perCpu() ? RecordCodec.align(leafSize, 8) * cpus : leafSize;
    this.maxEntries = maxEntries;
  }

  String name() {
    return name;
  }

  MapType type() {
    return type;
  }

  long keySize() {
    return keySize;
  }

  /** What one lookup copies: the value, or for a per-CPU map one 8-aligned slot per CPU. */
  long valueSize() {
    return valueSize;
  }

  long maxEntries() {
    return maxEntries;
  }

  /** The values per lookup: the possible CPUs of a per-CPU map, else 1. */
  int cpus() {
    return cpus;
  }

  /** Package-private switch: false makes whole-map reads walk the keys. */
  void batchReads(boolean enabled) {
    batchReads = enabled;
  }

  /** How the last whole-map read went, or null before the first. */
  ReadPath lastReadPath() {
    return lastReadPath;
  }

  /** Copies the value at {@code key} into {@code value}; false if there is none. */
  boolean lookup(MemorySegment key, MemorySegment value) {
    requireOpen();
    return bcc.lookupIfPresent(fd, key, value, "cannot read map `" + name + "`");
  }

  /** Sets the value at {@code key} ({@code BPF_ANY}: made or replaced). */
  void update(MemorySegment key, MemorySegment value) {
    requireOpen();
    bcc.update(
        fd,
        key,
        value,
        0L,
        "cannot write map `"
            + name
            + "`"
            + (type.array()
                ? " (an array's index must be below " + maxEntries + ")"
                : " (is it full? it holds at most " + maxEntries + ")"));
  }

  /** Deletes the entry at {@code key}; false if there was none. */
  boolean delete(MemorySegment key) {
    requireOpen();
    if (type.array()) {
      throw new UnsupportedOperationException(
          "map `"
              + name
              + "` is "
              + article(type)
              + ": its entries cannot be deleted (the kernel keeps every index); put a zero value"
              + " or clear() the map instead");
    }
    return bcc.delete(fd, key, "cannot delete from map `" + name + "`");
  }

  /** Every key, in the kernel's order, each a segment of {@link #keySize()} in {@code arena}. */
  List<MemorySegment> keys(Arena arena) {
    requireOpen();
    List<MemorySegment> keys = new ArrayList<>();
    MemorySegment previous = MemorySegment.NULL; // NULL starts at the first key (Linux 4.12+)
    while (true) {
      MemorySegment next = arena.allocate(keySize, 8);
      if (!bcc.nextKey(fd, previous, next, "cannot list the keys of map `" + name + "`")) {
        return keys;
      }
      keys.add(next);
      previous = next;
    }
  }

  /** Hands every entry to {@code sink}, by batches where possible. */
  void readAll(EntrySink sink) {
    requireOpen();
    if (batchReads && readBatches(sink)) {
      lastReadPath = ReadPath.BATCH;
    } else {
      readByKeys(sink);
      lastReadPath = ReadPath.ITERATION;
    }
    LOG.log(System.Logger.Level.DEBUG, "read map `{0}` by {1}", name, lastReadPath);
  }

  private void readByKeys(EntrySink sink) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(valueSize, 8);
      for (MemorySegment key : keys(arena)) {
        // A key deleted since it was listed is skipped, not an error.
        if (bcc.lookupIfPresent(fd, key, value, "cannot read map `" + name + "`")) {
          sink.accept(key, value);
        }
      }
    }
  }

  /** False, having read nothing, when the kernel has no batches for this map. */
  private boolean readBatches(EntrySink sink) {
    int entries = (int) Math.max(1, Math.min(maxEntries, BATCH_ENTRIES));
    try (Arena arena = Arena.ofConfined()) {
      // The position token is a u32 bucket for a hash and a key for an array (kernel/bpf/).
      long tokenSize = Math.max(keySize, 8);
      MemorySegment in = arena.allocate(tokenSize, 8);
      MemorySegment out = arena.allocate(tokenSize, 8);
      MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment keys = arena.allocate(keySize * entries, 8);
      MemorySegment values = arena.allocate(valueSize * entries, 8);
      boolean first = true;
      while (true) {
        count.set(ValueLayout.JAVA_INT, 0, entries);
        int errno = bcc.lookupBatch(fd, first ? MemorySegment.NULL : in, out, keys, values, count);
        if (first && (errno == EINVAL || errno == ENOTSUPP || errno == EOPNOTSUPP)) {
          LOG.log(
              System.Logger.Level.DEBUG,
              "map `{0}`: no batch lookups here (errno {1}); walking the keys",
              name,
              errno);
          batchReads = false;
          return false;
        }
        if (errno == ENOSPC) {
          // A bucket holds more entries than fit: the same position again, with more room.
          entries *= 2;
          keys = arena.allocate(keySize * entries, 8);
          values = arena.allocate(valueSize * entries, 8);
          continue;
        }
        if (errno != 0 && errno != Libc.ENOENT) {
          throw new NativeCallException(
              "bpf_lookup_batch", errno, "cannot read map `" + name + "` by batches");
        }
        int read = count.get(ValueLayout.JAVA_INT, 0);
        for (int i = 0; i < read; i++) {
          sink.accept(keys.asSlice(i * keySize, keySize), values.asSlice(i * valueSize, valueSize));
        }
        if (errno == Libc.ENOENT) {
          return true; // the end, and this batch was its last part
        }
        MemorySegment.copy(out, 0, in, 0, tokenSize);
        first = false;
      }
    }
  }

  /**
   * Empties the map: deletes every key of a hash or stack-trace map, and zeroes every index of an
   * array, as bcc's {@code clear()} does.
   */
  void clear() {
    requireOpen();
    try (Arena arena = Arena.ofConfined()) {
      if (type.array()) {
        MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
        MemorySegment zero = arena.allocate(valueSize, 8);
        for (int index = 0; index < maxEntries; index++) {
          key.set(ValueLayout.JAVA_INT, 0, index);
          update(key, zero);
        }
        return;
      }
      // Listed first: after a delete, the walk from the deleted key would start over.
      for (MemorySegment key : keys(arena)) {
        bcc.delete(fd, key, "cannot delete from map `" + name + "`");
      }
    }
  }

  /** Fails if the module is closed: its maps' fds went with it. */
  void requireOpen() {
    if (module.isClosed()) {
      throw new IllegalStateException(
          module.description()
              + " is closed, and map `"
              + name
              + "` with it: read the map before closing the module");
    }
  }

  static String article(MapType type) {
    return (type == MapType.ARRAY || type == MapType.LRU_HASH || type == MapType.LRU_PERCPU_HASH
            ? "an "
            : "a ")
        + type.description();
  }
}
