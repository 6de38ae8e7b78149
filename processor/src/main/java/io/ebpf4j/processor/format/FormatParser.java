package io.ebpf4j.processor.format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of a tracepoint {@code format} file strictly: any line it does not understand is
 * an error naming the file and line, never a silently dropped field. The layout is the one {@code
 * kernel/trace/trace_events.c} prints ({@code f_show}): a {@code name:}, an {@code ID:}, {@code
 * format:}, tab-indented {@code field:} lines separated by blank lines, then {@code print fmt:},
 * whose text may span several lines.
 */
public final class FormatParser {

  public static final String FIELD_SYNTAX =
      "\"field:<declaration>;\\toffset:<n>;\\tsize:<n>;\\tsigned:<0|1>;\"";

  private static final Pattern NAME = Pattern.compile("name: ([A-Za-z0-9_.-]+)");
  private static final Pattern ID = Pattern.compile("ID: [0-9]+");
  private static final Pattern FIELD =
      Pattern.compile(
          "\tfield:([^;\t]+);\toffset:([0-9]{1,9});\tsize:([0-9]{1,9});\tsigned:([01]);");
  /** {@code <type> <name>}, {@code <type> <name>[<n>]} or {@code <type> <name>[]}. */
  private static final Pattern DECLARATION =
      Pattern.compile(
          "([A-Za-z_][A-Za-z0-9_ *\\[\\]]*?) ([A-Za-z_][A-Za-z0-9_]*)(?:\\[([0-9]{0,9})\\])?");

  private FormatParser() {}

  /**
   * Parses {@code text}, the contents of {@code <category>/<event>/format}.
   *
   * @param location the file, for messages
   */
  public static TracepointFormat parse(String category, String event, String location, String text)
      throws MalformedFormatException {
    String[] lines = text.split("\n", -1);
    int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
    expectLine(lines, count, 0, location, "name: " + event, line -> {
      Matcher m = NAME.matcher(line);
      return m.matches() && m.group(1).equals(event);
    });
    expectLine(lines, count, 1, location, "ID: <n>", line -> ID.matcher(line).matches());
    expectLine(lines, count, 2, location, "format:", "format:"::equals);

    List<FormatField> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 3; i < count; i++) {
      String line = lines[i];
      int lineNumber = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("print fmt: ")) {
        return new TracepointFormat(category, event, location, fields);
      }
      Matcher m = FIELD.matcher(line);
      if (!m.matches()) {
        throw new MalformedFormatException(
            location,
            lineNumber,
            line.contains("field:")
                ? "expected " + FIELD_SYNTAX
                : "expected " + FIELD_SYNTAX + ", an empty line or \"print fmt: <text>\"");
      }
      Matcher d = DECLARATION.matcher(m.group(1));
      if (!d.matches()) {
        throw new MalformedFormatException(
            location,
            lineNumber,
            "expected a C declaration \"<type> <name>\" or \"<type> <name>[<n>]\", not \""
                + m.group(1)
                + "\"");
      }
      String name = d.group(2);
      if (!names.add(name)) {
        throw new MalformedFormatException(location, lineNumber, "duplicate field " + name);
      }
      int arrayLength = d.group(3) == null ? -1 : d.group(3).isEmpty() ? 0 : parse(d.group(3));
      fields.add(
          new FormatField(
              m.group(1),
              d.group(1).strip(),
              name,
              arrayLength,
              parse(m.group(2)),
              parse(m.group(3)),
              m.group(4).equals("1"),
              lineNumber));
    }
    throw new MalformedFormatException(location, count + 1, "expected \"print fmt: <text>\"");
  }

  private static int parse(String digits) {
    return Integer.parseInt(digits); // at most 9 digits, by the patterns
  }

  private static void expectLine(
      String[] lines, int count, int index, String location, String expected, Predicate<String> test)
      throws MalformedFormatException {
    if (index >= count || !test.test(lines[index])) {
      throw new MalformedFormatException(location, index + 1, "expected \"" + expected + "\"");
    }
  }
}
