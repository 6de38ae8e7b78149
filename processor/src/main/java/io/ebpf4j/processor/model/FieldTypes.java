package io.ebpf4j.processor.model;

import io.ebpf4j.processor.format.ArgumentType;
import io.ebpf4j.processor.format.ArgumentTypes;
import io.ebpf4j.processor.format.FormatField;
import io.ebpf4j.processor.format.ValueKind;
import java.util.Optional;

/**
 * The member type of a field of a tracepoint that is not a system call's: what {@code
 * @Tracepoint} records carry. Rules, in order:
 *
 * <ol>
 *   <li>{@code __data_loc char[]}: a string of the probe's {@code stringSize}, copied from where
 *       the field's low 16 bits point ({@code include/trace/stages/stage2_data_offsets.h}).
 *   <li>Other {@code __data_loc} arrays, and unsized arrays {@code x[]}: left out (empty).
 *   <li>{@code char x[N]}: a string of capacity {@code N}.
 *   <li>Other {@code T x[N]}: an array of {@code T}'s width if the {@link ArgumentTypes} table
 *       knows {@code T} and {@code N} of them fill the field; else the field's bytes.
 *   <li>Scalars take the format's size, which is what the record holds: the table's signedness and
 *       {@code bool} where the table agrees on the width, else the format's {@code signed:} flag.
 *       A scalar of a size other than 1, 2, 4 or 8 is carried as its bytes.
 * </ol>
 */
public final class FieldTypes {

  static final String DATA_LOC = "__data_loc";

  private FieldTypes() {}

  /** Whether the field is a {@code __data_loc} field (a 32-bit offset and length). */
  public static boolean isDataLoc(FormatField field) {
    return field.type().startsWith(DATA_LOC + " ");
  }

  /** The field's element type, without {@code __data_loc} and the array brackets. */
  public static String elementType(FormatField field) {
    String type = field.type();
    if (isDataLoc(field)) {
      type = type.substring(DATA_LOC.length() + 1);
      if (type.endsWith("[]")) {
        type = type.substring(0, type.length() - 2);
      }
    }
    return ArgumentTypes.normalize(type);
  }

  /** The member type of {@code field}, or empty if it is left out; see the class comment. */
  public static Optional<MemberType> forField(FormatField field) {
    if (isDataLoc(field)) {
      return elementType(field).equals("char") && field.type().endsWith("[]")
          ? Optional.of(MemberType.probeString())
          : Optional.empty();
    }
    if (field.isArray()) {
      if (field.arrayLength() == 0 || field.size() == 0) {
        return Optional.empty();
      }
      String element = elementType(field);
      if (element.equals("char")) {
        return Optional.of(MemberType.fixedString(field.size()));
      }
      Optional<ArgumentType> known = ArgumentTypes.forDeclaredType(element);
      if (known.isPresent()
          && !ArgumentTypes.isEnum(element)
          && known.get().kind().size() * field.arrayLength() == field.size()) {
        return Optional.of(
            MemberType.array(known.get().kind(), known.get().unsigned(), field.arrayLength()));
      }
      return Optional.of(MemberType.array(ValueKind.BYTE, true, field.size()));
    }
    Optional<ValueKind> bySize = ValueKind.ofSize(field.size());
    if (bySize.isEmpty()) {
      return Optional.of(MemberType.array(ValueKind.BYTE, true, field.size()));
    }
    Optional<ArgumentType> known = ArgumentTypes.forDeclaredType(field.type());
    if (known.isPresent()
        && !ArgumentTypes.isEnum(field.type())
        && known.get().kind().size() == field.size()) {
      return Optional.of(MemberType.scalar(known.get()));
    }
    return Optional.of(MemberType.scalar(bySize.get(), !field.signed()));
  }

  /** Why {@code field} is left out, for the record's Javadoc. */
  public static String omissionReason(FormatField field) {
    if (isDataLoc(field)) {
      return "a __data_loc array of " + elementType(field)
          + ", whose length is only known per event";
    }
    return "an unsized array";
  }
}
