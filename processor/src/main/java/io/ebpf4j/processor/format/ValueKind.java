package io.ebpf4j.processor.format;

import com.palantir.javapoet.TypeName;

/** The Java primitive an argument decodes to; its width is the C member's width in the event. */
public enum ValueKind {
  BOOLEAN(1, TypeName.BOOLEAN, "JAVA_BYTE", "JAVA_BYTE"),
  BYTE(1, TypeName.BYTE, "JAVA_BYTE", "JAVA_BYTE"),
  SHORT(2, TypeName.SHORT, "JAVA_SHORT", "JAVA_SHORT_UNALIGNED"),
  INT(4, TypeName.INT, "JAVA_INT", "JAVA_INT_UNALIGNED"),
  LONG(8, TypeName.LONG, "JAVA_LONG", "JAVA_LONG_UNALIGNED");

  private final int size;
  private final TypeName javaType;
  private final String layoutConstant;
  private final String arrayLayoutConstant;

  ValueKind(int size, TypeName javaType, String layoutConstant, String arrayLayoutConstant) {
    this.size = size;
    this.javaType = javaType;
    this.layoutConstant = layoutConstant;
    this.arrayLayoutConstant = arrayLayoutConstant;
  }

  /** Bytes in the event, which is also the member's alignment. */
  public int size() {
    return size;
  }

  public TypeName javaType() {
    return javaType;
  }

  /** The {@code java.lang.foreign.ValueLayout} constant that reads it. */
  public String layoutConstant() {
    return layoutConstant;
  }

  /** The {@code ValueLayout} constant that {@code MemorySegment.toArray} reads arrays of it with. */
  public String arrayLayoutConstant() {
    return arrayLayoutConstant;
  }

  /** The kind of a signed or unsigned integer of {@code bytes} bytes, if there is one. */
  public static java.util.Optional<ValueKind> ofSize(int bytes) {
    return switch (bytes) {
      case 1 -> java.util.Optional.of(BYTE);
      case 2 -> java.util.Optional.of(SHORT);
      case 4 -> java.util.Optional.of(INT);
      case 8 -> java.util.Optional.of(LONG);
      default -> java.util.Optional.empty();
    };
  }
}
