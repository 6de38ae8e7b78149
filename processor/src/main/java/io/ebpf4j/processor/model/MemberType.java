package io.ebpf4j.processor.model;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.ebpf4j.processor.format.ArgumentType;
import io.ebpf4j.processor.format.ValueKind;

/**
 * How one member of an event is carried: a C member of the event struct, and a Java record
 * component.
 *
 * <ul>
 *   <li>{@link Shape#SCALAR}: a C integer of {@code kind}'s width, a Java primitive;
 *   <li>{@link Shape#STRING}: a {@code char[length]}, the Java {@code String} up to the first NUL;
 *       {@code length} 0 means the probe's {@code stringSize};
 *   <li>{@link Shape#ARRAY}: {@code length} integers of {@code kind}'s width, a Java array of that
 *       primitive ({@code byte[]} for {@code bool} elements).
 * </ul>
 *
 * @param unsigned whether the C type is unsigned; only chooses {@code u32} over {@code s32}
 */
public record MemberType(Shape shape, ValueKind kind, boolean unsigned, int length) {

  public enum Shape {
    SCALAR,
    STRING,
    ARRAY
  }

  public static MemberType scalar(ArgumentType type) {
    return new MemberType(Shape.SCALAR, type.kind(), type.unsigned(), 1);
  }

  public static MemberType scalar(ValueKind kind, boolean unsigned) {
    return new MemberType(Shape.SCALAR, kind, unsigned, 1);
  }

  /** A string of the probe's {@code stringSize}. */
  public static MemberType probeString() {
    return new MemberType(Shape.STRING, ValueKind.BYTE, false, 0);
  }

  /** A {@code char x[capacity]} copied as it is. */
  public static MemberType fixedString(int capacity) {
    return new MemberType(Shape.STRING, ValueKind.BYTE, false, capacity);
  }

  public static MemberType array(ValueKind element, boolean unsigned, int count) {
    ValueKind kind = element == ValueKind.BOOLEAN ? ValueKind.BYTE : element;
    return new MemberType(Shape.ARRAY, kind, unsigned, count);
  }

  public TypeName javaType() {
    return switch (shape) {
      case SCALAR -> kind.javaType();
      case STRING -> ClassName.get(String.class);
      case ARRAY -> ArrayTypeName.of(kind.javaType());
    };
  }

  /** The characters a string takes in the event, its NUL included. */
  public int capacity(int stringSize) {
    return length == 0 ? stringSize : length;
  }

  /** Bytes in the event. */
  public int size(int stringSize) {
    return switch (shape) {
      case SCALAR -> kind.size();
      case STRING -> capacity(stringSize);
      case ARRAY -> kind.size() * length;
    };
  }

  /** The member's alignment, as a C compiler gives it. */
  public int alignment() {
    return shape == Shape.STRING ? 1 : kind.size();
  }

  /** The C type of the member, or of its elements: {@code s32}, {@code u64}, {@code char}. */
  public String cType() {
    if (shape == Shape.STRING) {
      return "char";
    }
    if (kind == ValueKind.BOOLEAN) {
      return "u8";
    }
    return (unsigned ? "u" : "s") + kind.size() * 8;
  }
}
