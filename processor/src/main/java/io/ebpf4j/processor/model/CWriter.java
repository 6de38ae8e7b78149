package io.ebpf4j.processor.model;

/**
 * A tiny C emitter. Code is written from templates whose placeholders check what they are given,
 * so a name from a format file can only ever land in the output as an identifier:
 *
 * <ul>
 *   <li>{@code $I}: an identifier (a member, a function, a type name like {@code u32}); anything
 *       that is not {@code [A-Za-z_][A-Za-z0-9_]*} is refused;
 *   <li>{@code $L}: a number;
 *   <li>{@code $S}: a string literal, escaped;
 *   <li>{@code $C}: text for a comment, which can neither close the comment nor continue it onto
 *       the next line.
 * </ul>
 */
public final class CWriter {
  private static final String INDENT = "  ";

  private final StringBuilder out = new StringBuilder();
  private int depth;

  /** Writes one line, indented to the current depth. */
  public CWriter line(String template, Object... args) {
    if (!template.isEmpty()) {
      out.append(INDENT.repeat(depth));
    }
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '$') {
        if (c == '\n') {
          throw new IllegalArgumentException("one line at a time: " + template);
        }
        out.append(c);
        continue;
      }
      if (i + 1 == template.length() || next == args.length) {
        throw new IllegalArgumentException("bad template or too few arguments: " + template);
      }
      Object arg = args[next++];
      switch (template.charAt(++i)) {
        case 'I' -> out.append(identifier(arg));
        case 'L' -> out.append(number(arg));
        case 'S' -> out.append(stringLiteral(String.valueOf(arg)));
        case 'C' -> out.append(commentText(String.valueOf(arg)));
        default -> throw new IllegalArgumentException("unknown placeholder in " + template);
      }
    }
    if (next != args.length) {
      throw new IllegalArgumentException("too many arguments for " + template);
    }
    out.append('\n');
    return this;
  }

  /** Writes an empty line. */
  public CWriter blank() {
    return line("");
  }

  /** Writes a line that opens a block, and indents what follows. */
  public CWriter open(String template, Object... args) {
    line(template, args);
    depth++;
    return this;
  }

  /** Outdents, then writes the line that closes the block. */
  public CWriter close(String template, Object... args) {
    if (depth == 0) {
      throw new IllegalStateException("nothing to close");
    }
    depth--;
    return line(template, args);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private static String identifier(Object arg) {
    String name = String.valueOf(arg);
    if (!CNames.isIdentifier(name)) {
      throw new IllegalArgumentException("not a C identifier: " + name);
    }
    return name;
  }

  private static String number(Object arg) {
    if (!(arg instanceof Integer || arg instanceof Long)) {
      throw new IllegalArgumentException("not a number: " + arg);
    }
    return arg.toString();
  }

  private static String stringLiteral(String text) {
    StringBuilder literal = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"', '\\' -> literal.append('\\').append(c);
        case '\n' -> literal.append("\\n");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            literal.append(String.format("\\%03o", (int) c));
          } else {
            literal.append(c);
          }
        }
      }
    }
    return literal.append('"').toString();
  }

  private static String commentText(String text) {
    // "*/" would end a block comment; "\" at the end of a // comment continues it; "/*" and
    // "//" are harmless but read badly. Control characters become spaces.
    StringBuilder comment = new StringBuilder();
    for (char c : text.toCharArray()) {
      comment.append(c < 0x20 || c == 0x7f || c == '\\' ? ' ' : c);
    }
    return comment.toString().replace("*/", "* /").replace("/*", "/ *");
  }
}
