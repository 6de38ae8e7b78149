package io.ebpf4j.runtime;

import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.MemberType;

/**
 * One field of a {@link ProbeEvent}, after its context: a system call's argument, a tracepoint's
 * field, a return value. Its place in the event is fixed when the probe starts.
 */
public final class EventField {
  private final String name;
  private final String cType;
  private final MemberType type;
  private final int offset;
  private final int capacity;

  EventField(String name, String cType, MemberType type, int offset, int stringSize) {
    this.name = name;
    this.cType = cType;
    this.type = type;
    this.offset = offset;
    this.capacity = type.size(stringSize);
  }

  /** The name, as the format has it: {@code fd}, {@code filename}. */
  public String name() {
    return name;
  }

  /** The declared C type, as the format has it: {@code int}, {@code __data_loc char[]}. */
  public String cType() {
    return cType;
  }

  /**
   * The Java type its value has: {@code long.class}, {@code int.class}, {@code short.class},
   * {@code byte.class}, {@code boolean.class}, {@code String.class}, or an array of a primitive.
   */
  public Class<?> javaType() {
    return switch (type.shape()) {
      case SCALAR -> primitive(type.kind());
      case STRING -> String.class;
      case ARRAY -> primitive(type.kind()).arrayType();
    };
  }

  private static Class<?> primitive(ValueKind kind) {
    return switch (kind) {
      case BOOLEAN -> boolean.class;
      case BYTE -> byte.class;
      case SHORT -> short.class;
      case INT -> int.class;
      case LONG -> long.class;
    };
  }

  MemberType type() {
    return type;
  }

  /** Where it sits in the event, from its start: the {@code EventLayout}'s offset. */
  int offset() {
    return offset;
  }

  /** Bytes it takes in the event. */
  int capacity() {
    return capacity;
  }

  /** {@code int fd}. */
  @Override
  public String toString() {
    return cType + " " + name;
  }
}
