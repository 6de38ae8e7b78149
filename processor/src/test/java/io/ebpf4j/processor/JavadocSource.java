package io.ebpf4j.processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Javadoc of a type, read from its source file, for tests that hold a hand-written list in the
 * documentation to the code that implements it. Tests run in the module's directory, so paths are
 * relative to {@code processor/}.
 */
final class JavadocSource {

  private static final Pattern CODE = Pattern.compile("\\{@code\\s+([^}]+)}");

  private JavadocSource() {}

  /**
   * The first Javadoc comment of {@code file} (the type's), as one line: the leading {@code *} of
   * each line dropped and runs of spaces collapsed, so a {@code {@code ...}} split across lines
   * reads as one.
   */
  static String typeComment(Path file) {
    String source;
    try {
      source = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = source.indexOf("/**");
    int end = source.indexOf("*/", start);
    if (start < 0 || end < 0) {
      throw new AssertionError("no Javadoc in " + file);
    }
    return source
        .substring(start + 3, end)
        .replaceAll("(?m)^\\s*\\*", " ")
        .replaceAll("\\s+", " ")
        .strip();
  }

  /** The text between {@code from} and the next {@code to} after it; fails if either is missing. */
  static String between(String text, String from, String to) {
    int start = text.indexOf(from);
    int end = start < 0 ? -1 : text.indexOf(to, start + from.length());
    if (end < 0) {
      throw new AssertionError("no `" + from + "` ... `" + to + "` in: " + text);
    }
    return text.substring(start + from.length(), end);
  }

  /** The contents of every {@code {@code ...}} in {@code text}, in order. */
  static List<String> codeSpans(String text) {
    List<String> spans = new ArrayList<>();
    Matcher matcher = CODE.matcher(text);
    while (matcher.find()) {
      spans.add(matcher.group(1).strip());
    }
    return spans;
  }
}
