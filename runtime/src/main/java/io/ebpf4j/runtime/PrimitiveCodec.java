package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A C scalar in native byte order, aligned to its size: the codec of a boxed key or value type
 * ({@code Long}) and of a record's primitive component ({@code long}).
 */
enum PrimitiveCodec implements MapCodec<Object> {
  BOOLEAN(boolean.class, Boolean.class, 1),
  BYTE(byte.class, Byte.class, 1),
  SHORT(short.class, Short.class, 2),
  CHAR(char.class, Character.class, 2),
  INT(int.class, Integer.class, 4),
  LONG(long.class, Long.class, 8),
  FLOAT(float.class, Float.class, 4),
  DOUBLE(double.class, Double.class, 8);

  private final Class<?> primitive;
  private final Class<?> box;
  private final int size;

  PrimitiveCodec(Class<?> primitive, Class<?> box, int size) {
    this.primitive = primitive;
    this.box = box;
    this.size = size;
  }

  /** The codec of a record component of primitive type {@code type}, or null. */
  static PrimitiveCodec primitive(Class<?> type) {
    for (PrimitiveCodec codec : values()) {
      if (codec.primitive == type) {
        return codec;
      }
    }
    return null;
  }

  /** The codec of boxed integer type {@code type} ({@code Long}, ...), or null. */
  static PrimitiveCodec boxed(Class<?> type) {
    for (PrimitiveCodec codec : new PrimitiveCodec[] {BYTE, SHORT, INT, LONG}) {
      if (codec.box == type) {
        return codec;
      }
    }
    return null;
  }

  /** Whether this is a C integer, whose per-CPU values can be summed. */
  boolean integer() {
    return this == BYTE || this == SHORT || this == INT || this == LONG;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long alignment() {
    return size;
  }

  // Unaligned access: a batch packs keys at the key size, which need not be a multiple of 8.
  @Override
  public Object read(MemorySegment from, long offset) {
    return switch (this) {
      case BOOLEAN -> from.get(ValueLayout.JAVA_BYTE, offset) != 0;
      case BYTE -> from.get(ValueLayout.JAVA_BYTE, offset);
      case SHORT -> from.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset);
      case CHAR -> from.get(ValueLayout.JAVA_CHAR_UNALIGNED, offset);
      case INT -> from.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
      case LONG -> from.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
      case FLOAT -> from.get(ValueLayout.JAVA_FLOAT_UNALIGNED, offset);
      case DOUBLE -> from.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset);
    };
  }

  /** The integer at {@code offset}, widened with its sign; only for {@link #integer()} codecs. */
  long readLong(MemorySegment from, long offset) {
    return switch (this) {
      case BYTE -> from.get(ValueLayout.JAVA_BYTE, offset);
      case SHORT -> from.get(ValueLayout.JAVA_SHORT_UNALIGNED, offset);
      case INT -> from.get(ValueLayout.JAVA_INT_UNALIGNED, offset);
      case LONG -> from.get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
      default -> throw new IllegalStateException(this + " is not an integer");
    };
  }

  @Override
  public void write(Object value, MemorySegment to, long offset) {
    switch (this) {
      case BOOLEAN -> to.set(ValueLayout.JAVA_BYTE, offset, (byte) ((Boolean) value ? 1 : 0));
      case BYTE -> to.set(ValueLayout.JAVA_BYTE, offset, (Byte) value);
      case SHORT -> to.set(ValueLayout.JAVA_SHORT_UNALIGNED, offset, (Short) value);
      case CHAR -> to.set(ValueLayout.JAVA_CHAR_UNALIGNED, offset, (Character) value);
      case INT -> to.set(ValueLayout.JAVA_INT_UNALIGNED, offset, (Integer) value);
      case LONG -> to.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, (Long) value);
      case FLOAT -> to.set(ValueLayout.JAVA_FLOAT_UNALIGNED, offset, (Float) value);
      case DOUBLE -> to.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, offset, (Double) value);
    }
  }

  @Override
  public String javaType() {
    return box.getSimpleName();
  }
}
