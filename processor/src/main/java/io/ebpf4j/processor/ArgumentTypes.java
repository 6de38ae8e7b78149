package io.ebpf4j.processor;

import static io.ebpf4j.processor.ValueKind.BOOLEAN;
import static io.ebpf4j.processor.ValueKind.BYTE;
import static io.ebpf4j.processor.ValueKind.INT;
import static io.ebpf4j.processor.ValueKind.LONG;
import static io.ebpf4j.processor.ValueKind.SHORT;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Java type of each C type a syscall format declares.
 *
 * <p>A syscall tracepoint stores every argument in an 8-byte slot with {@code signed:0}
 * ({@code kernel/trace/trace_syscalls.c} defines them all with {@code sizeof(unsigned long)}), so
 * the format's size and sign say nothing about the argument. Its width comes from the declared
 * type instead, looked up in {@link #TABLE}: the kernel's own typedefs for x86-64 and arm64 (LP64),
 * from {@code include/linux/types.h}, {@code include/uapi/asm-generic/posix_types.h} and {@code
 * include/linux/key.h}. Any pointer is a {@code long} address. A type not in the table is not
 * guessed: the caller reports it, naming the type.
 *
 * <p>Unsigned types keep their width and bits; see {@link ArgumentType}.
 */
final class ArgumentTypes {

  /** Qualifiers that do not change how a value is stored. */
  private static final Pattern QUALIFIERS =
      Pattern.compile("\\b(?:const|volatile|__user|restrict|__restrict|__bitwise)\\b");

  private static final Map<String, ArgumentType> TABLE = new TreeMap<>();

  static {
    // 1 byte. Plain char is signed on x86-64 (and unsigned on arm64, but the bits are the same).
    add(BOOLEAN, false, "bool", "_Bool");
    add(BYTE, false, "char", "signed char", "s8", "__s8");
    add(BYTE, true, "unsigned char", "u8", "__u8");
    // 2 bytes. umode_t is "unsigned short" in include/linux/types.h.
    add(SHORT, false, "short", "short int", "signed short", "s16", "__s16");
    add(SHORT, true, "unsigned short", "unsigned short int", "u16", "__u16", "umode_t");
    // 4 bytes: the __kernel_*_t of posix_types.h that are int, and key_serial_t (int32_t).
    add(INT, false, "int", "signed", "signed int", "s32", "__s32", "int32_t",
        "pid_t", "key_serial_t", "key_t", "clockid_t", "timer_t", "mqd_t", "rwf_t");
    // 4 bytes unsigned: uid_t, gid_t and qid_t are __kernel_uid32_t.
    add(INT, true, "unsigned", "unsigned int", "u32", "__u32", "uint32_t",
        "uid_t", "gid_t", "qid_t");
    // 8 bytes: long and the __kernel_long_t / __kernel_ulong_t typedefs.
    add(LONG, false, "long", "long int", "signed long", "long long", "long long int", "s64",
        "__s64", "int64_t", "ssize_t", "loff_t", "off_t", "time_t", "__kernel_old_time_t");
    add(LONG, true, "unsigned long", "unsigned long int", "unsigned long long",
        "unsigned long long int", "u64", "__u64", "uint64_t", "size_t", "aio_context_t");
    // Typedefs of pointers, from include/uapi/linux/capability.h.
    TABLE.put("cap_user_header_t", ArgumentType.POINTER);
    TABLE.put("cap_user_data_t", ArgumentType.POINTER);
  }

  private static void add(ValueKind kind, boolean unsigned, String... names) {
    ArgumentType type = unsigned ? ArgumentType.unsigned(kind) : ArgumentType.signed(kind);
    for (String name : names) {
      TABLE.put(name, type);
    }
  }

  private ArgumentTypes() {}

  /**
   * The type of an argument declared as {@code declaredType} ({@code const char *}, {@code
   * unsigned int}, {@code enum landlock_rule_type}), or empty if its width is unknown.
   */
  static Optional<ArgumentType> forDeclaredType(String declaredType) {
    if (declaredType.contains("*")) {
      return Optional.of(ArgumentType.POINTER);
    }
    String type = normalize(declaredType);
    if (type.startsWith("enum ")) {
      // The kernel's enums all fit an int, the C ABI's choice for them (landlock_rule_type).
      return Optional.of(ArgumentType.signed(INT));
    }
    return Optional.ofNullable(TABLE.get(type));
  }

  /** Drops qualifiers and collapses spaces: {@code const  __u32} is {@code __u32}. */
  static String normalize(String declaredType) {
    return QUALIFIERS.matcher(declaredType).replaceAll(" ").strip().replaceAll("\\s+", " ");
  }
}
