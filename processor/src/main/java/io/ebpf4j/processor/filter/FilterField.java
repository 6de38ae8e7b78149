package io.ebpf4j.processor.filter;

import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.model.RecordComponent;

/**
 * A component of a probe's record that its filter names: a context component of the {@link
 * HeaderField header}, or one of the event's {@link EventMember members}; exactly one is set.
 *
 * @param name the record component, as the filter writes it
 * @param header the header field, or null
 * @param member the member, or null
 * @param capacity for a string, the bytes it holds in the event with its NUL; 0 otherwise
 */
public record FilterField(String name, HeaderField header, EventMember member, int capacity) {

  /** What a filter can do with a field. */
  public enum Kind {
    /** Arithmetic, bits, comparison: any scalar, booleans as 0 and 1. */
    INTEGER,
    /** {@code ==} and {@code !=} against a string literal. */
    STRING,
    /** Nothing: an array ({@code u8 saddr[4]}). */
    ARRAY
  }

  public static FilterField of(HeaderField header) {
    return new FilterField(header.javaName(), header, null, stringCapacity(header.type(), 0));
  }

  public static FilterField of(EventMember member, int stringSize) {
    return new FilterField(
        member.javaName(), null, member, stringCapacity(member.type(), stringSize));
  }

  /** The field of {@code component}, whose strings, if a member's, hold {@code stringSize}. */
  public static FilterField of(RecordComponent component, int stringSize) {
    return component.header() != null
        ? of(component.header())
        : of(component.member(), stringSize);
  }

  private static int stringCapacity(MemberType type, int stringSize) {
    return type.shape() == MemberType.Shape.STRING ? type.capacity(stringSize) : 0;
  }

  public MemberType type() {
    return header != null ? header.type() : member.type();
  }

  /** The member of the event struct and of a {@code withEntry} probe's entry struct. */
  public String cName() {
    return header != null ? header.cName() : member.cName();
  }

  public Kind kind() {
    return switch (type().shape()) {
      case SCALAR -> Kind.INTEGER;
      case STRING -> Kind.STRING;
      case ARRAY -> Kind.ARRAY;
    };
  }
}
