package io.ebpf4j.processor.model;

import io.ebpf4j.processor.format.FormatField;

/**
 * One member of an event, after the context header: a record component, a member of the event
 * struct, and where the BPF program gets its value.
 *
 * @param javaName the record component
 * @param cName the member of the event struct (and of the tracepoint struct, if it has one there)
 * @param fieldName the name it has where it comes from: the format's field, the record's
 *     component, or its own for the members ebpf4j adds
 * @param type how it is stored and decoded
 * @param description for the record's Javadoc: the C declaration it comes from
 * @param source where the C gets it
 */
public record EventMember(
    String javaName,
    String cName,
    String fieldName,
    MemberType type,
    String description,
    Source source) {

  /** Where the generated C reads a member. */
  public enum From {
    /** The {@code index}-th 64-bit value the entry point hands over, cut to the member's width. */
    VALUE,
    /** A NUL-terminated string in user memory at the address that the {@code index}-th value is. */
    USER_STRING,
    /** The return value of the function or system call. */
    RETURN_VALUE,
    /** The time from the entry to the return. */
    LATENCY,
    /** A tracepoint field loaded from the record: a scalar, cut to the member's width. */
    FIELD,
    /** A tracepoint field copied byte for byte: an array, or a scalar not aligned to its size. */
    FIELD_BYTES,
    /** A {@code __data_loc char[]} field: the string at the offset its low 16 bits hold. */
    FIELD_DATA_LOC_STRING,
    /** A syscall tracepoint's pointer slot, read as a string in user memory. */
    FIELD_USER_STRING,
    /**
     * A string in user memory that is not NUL-terminated: the {@code index}-th value is its
     * address, the next one its length (a USDT probe's {@code (char*, uintptr_t)} pair).
     */
    USER_STRING_LENGTH
  }

  /**
   * @param index for {@link From#VALUE} and {@link From#USER_STRING}: which value
   * @param field for the {@code FIELD} kinds: the format's field; null otherwise
   */
  public record Source(From from, int index, FormatField field) {
    public static Source value(int index) {
      return new Source(From.VALUE, index, null);
    }

    public static Source userString(int index) {
      return new Source(From.USER_STRING, index, null);
    }

    public static Source of(From from) {
      return new Source(from, -1, null);
    }

    public static Source field(From from, FormatField field) {
      return new Source(from, -1, field);
    }
  }
}
