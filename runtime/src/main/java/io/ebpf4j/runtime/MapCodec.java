package io.ebpf4j.runtime;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;

/**
 * Reads and writes a map's keys or values, of type {@code T}, in the bytes the kernel copies: a C
 * integer for {@code Integer} and {@code Long} (and {@code Short}, {@code Byte}), a C struct at
 * natural alignment for a record ({@link RecordCodec}), or raw bytes of a {@link MemoryLayout}'s
 * size. Made once per table; reading and writing keep no state, so one codec serves every entry.
 */
interface MapCodec<T> {
  /** {@code sizeof} the C type: what the map's key or value size must be. */
  long size();

  /** The C type's alignment, for a struct that holds it. */
  long alignment();

  /** The value at {@code offset} of {@code from}. */
  T read(MemorySegment from, long offset);

  /** Writes {@code value} at {@code offset} of {@code to}; padding is left as it is (zero). */
  void write(T value, MemorySegment to, long offset);

  /** The Java type, for messages: {@code "Long"}, {@code "record Key"}. */
  String javaType();

  /**
   * The codec of {@code type}: a boxed integer, or a record of primitives, {@link FixedSize} arrays
   * and strings, and nested such records.
   *
   * @throws IllegalArgumentException naming the component that cannot be described, and why
   */
  @SuppressWarnings("unchecked")
  static <T> MapCodec<T> of(Class<T> type) {
    if (type.isRecord()) {
      return (MapCodec<T>) RecordCodec.of(type);
    }
    PrimitiveCodec scalar = PrimitiveCodec.boxed(type);
    if (scalar == null) {
      throw new IllegalArgumentException(
          "cannot describe a map's key or value by "
              + type.getName()
              + ": use Integer, Long, Short, Byte, a record of primitive components (with"
              + " @FixedSize arrays and strings), or a MemoryLayout");
    }
    return (MapCodec<T>) scalar;
  }

  /** The codec of {@code layout}: each key or value a copy of its bytes, on the heap. */
  static MapCodec<MemorySegment> of(MemoryLayout layout) {
    return new LayoutCodec(layout);
  }

  /** Bytes as they are, copied out of and into native memory. */
  record LayoutCodec(MemoryLayout layout) implements MapCodec<MemorySegment> {
    @Override
    public long size() {
      return layout.byteSize();
    }

    @Override
    public long alignment() {
      return layout.byteAlignment();
    }

    @Override
    public MemorySegment read(MemorySegment from, long offset) {
      // A long[] backs the copy so that it can be read with aligned layouts like JAVA_LONG.
      MemorySegment copy =
          MemorySegment.ofArray(new long[(int) ((size() + 7) / 8)]).asSlice(0, size());
      MemorySegment.copy(from, offset, copy, 0, size());
      return copy;
    }

    @Override
    public void write(MemorySegment value, MemorySegment to, long offset) {
      if (value.byteSize() != size()) {
        throw new IllegalArgumentException(
            "a segment of "
                + value.byteSize()
                + " bytes given for a layout of "
                + size()
                + ": "
                + layout);
      }
      MemorySegment.copy(value, 0, to, offset, size());
    }

    @Override
    public String javaType() {
      return "MemoryLayout " + layout;
    }
  }
}
