package io.ebpf4j.processor.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * C identifiers for the generated program. Struct members take the format's field names; a name
 * that would clash with something the generated C declares or that the preprocessor would expand
 * is escaped, never emitted as is.
 */
public final class CNames {

  public static final String GENERATED_PREFIX = "ebpf4j_";

  /** The header members of every event struct: the {@link HeaderField}s. */
  public static final Set<String> HEADER_MEMBERS =
      Arrays.stream(HeaderField.values())
          .map(HeaderField::cName)
          .collect(Collectors.toUnmodifiableSet());

  /** Appended to an argument named like a header member: kill's pid is pid_arg. */
  static final String HEADER_CLASH_SUFFIX = "_arg";

  /** Put before an argument whose name starts with {@link #GENERATED_PREFIX}. */
  static final String GENERATED_CLASH_PREFIX = "arg_";

  /** Appended to a keyword or a predefined macro, and repeated until a name is unique. */
  static final String ESCAPE_SUFFIX = "_";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * C11 keywords and GNU extensions, plus object-like macros that clang predefines in GNU mode
   * ({@code linux}, {@code unix}) or that the kernel headers bcc includes define ({@code current}).
   */
  private static final Set<String> RESERVED =
      Set.of(
          "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
          "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
          "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
          "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof",
          "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
          "_Thread_local", "asm", "typeof", "__asm__", "__typeof__", "__attribute__", "linux",
          "unix", "i386", "current");

  private CNames() {}

  static boolean isIdentifier(String name) {
    return IDENTIFIER.matcher(name).matches();
  }

  /** Whether {@code name} can be emitted as is: an identifier that no keyword or macro shadows. */
  static boolean isSafe(String name) {
    return isIdentifier(name) && !RESERVED.contains(name);
  }

  /**
   * The struct member for the format field {@code fieldName}, not in {@code taken}. Field names
   * are C identifiers already (the parser checked); this only steers clear of the header members,
   * of the {@code ebpf4j_} names the program declares (in any case, as the macros are upper case)
   * and of reserved words.
   */
  public static String memberName(String fieldName, Set<String> taken) {
    if (!isIdentifier(fieldName)) {
      throw new IllegalArgumentException("not a C identifier: " + fieldName);
    }
    String name = fieldName;
    if (HEADER_MEMBERS.contains(name)) {
      name += HEADER_CLASH_SUFFIX;
    }
    if (name.toLowerCase(Locale.ROOT).startsWith(GENERATED_PREFIX)) {
      name = GENERATED_CLASH_PREFIX + name;
    }
    if (RESERVED.contains(name)) {
      name += ESCAPE_SUFFIX;
    }
    while (taken.contains(name)) {
      name += ESCAPE_SUFFIX;
    }
    return name;
  }
}
