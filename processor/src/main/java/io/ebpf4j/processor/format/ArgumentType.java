package io.ebpf4j.processor.format;

/**
 * How one system call argument is carried: in the event as a C integer of {@code kind}'s width,
 * in Java as {@code kind}'s primitive.
 *
 * <p>Java has no unsigned integers, so an unsigned C type keeps its width and bits: {@code
 * unsigned int} 0xffffffff is the Java {@code int} -1 (read it with {@code
 * Integer.toUnsignedLong}). The {@code unsigned} flag only chooses the C member type ({@code u32}
 * rather than {@code s32}), so the C side never sign-extends an unsigned value.
 *
 * @param kind the Java primitive, and the width
 * @param unsigned whether the C type is unsigned; pointers are
 * @param pointer whether the C type is a pointer: the value is a user-space address
 */
public record ArgumentType(ValueKind kind, boolean unsigned, boolean pointer) {

  public static final ArgumentType POINTER = new ArgumentType(ValueKind.LONG, true, true);

  public static ArgumentType signed(ValueKind kind) {
    return new ArgumentType(kind, false, false);
  }

  public static ArgumentType unsigned(ValueKind kind) {
    return new ArgumentType(kind, true, false);
  }

  /** The member's C type in the event struct: {@code s32}, {@code u64}, ... */
  public String eventCType() {
    if (kind == ValueKind.BOOLEAN) {
      return "u8";
    }
    return (unsigned ? "u" : "s") + kind.size() * 8;
  }
}
