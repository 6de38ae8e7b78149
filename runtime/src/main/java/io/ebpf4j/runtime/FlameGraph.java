package io.ebpf4j.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A flame graph: one self-contained HTML file, no network, that draws the stacks as an SVG with
 * their callers below them, each frame as wide as its share of the samples. Click a frame to
 * zoom into it, search by regular expression to highlight frames and see their share. Kernel
 * frames are orange, Java frames green, native frames yellow.
 *
 * <pre>{@code
 * FlameGraph.of(profile).title("java 4242, 10 s at 99 Hz").writeHtml(Path.of("flame.html"));
 * }</pre>
 */
public final class FlameGraph {
  private static final String TEMPLATE = template();

  private final Node root = new Node("all");
  private String title = "Flame graph";

  private FlameGraph() {}

  /** The flame graph of {@code profile}'s stacks, each rooted at its thread's name. */
  public static FlameGraph of(Profile profile) {
    FlameGraph graph = new FlameGraph();
    for (ProfiledStack stack : profile.stacks()) {
      graph.add(FoldedStacks.parse(FoldedStacks.line(stack)));
    }
    return graph;
  }

  /**
   * The flame graph of folded stack lines, such as bcc's {@code profile -f} writes; blank lines
   * are skipped.
   *
   * @throws IllegalArgumentException for a line without a count, naming it
   */
  public static FlameGraph ofFolded(List<String> lines) {
    FlameGraph graph = new FlameGraph();
    for (String line : lines) {
      if (!line.isBlank()) {
        graph.add(FoldedStacks.parse(line));
      }
    }
    return graph;
  }

  /** The heading and the page's title. */
  public FlameGraph title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  /** Every sample in the graph. */
  public long samples() {
    return root.samples;
  }

  private void add(FoldedStacks.Folded stack) {
    Node node = root;
    node.samples += stack.samples();
    for (String frame : stack.frames()) {
      node = node.children.computeIfAbsent(frame, Node::new);
      node.samples += stack.samples();
    }
  }

  /** The page, as {@link #writeHtml(Path)} writes it. */
  public String html() {
    StringBuilder json = new StringBuilder();
    root.appendJson(json);
    // Replaced in one pass each: the data cannot contain @TITLE@ markers that matter, because
    // the title goes in first and the data, escaped for <script>, last.
    return TEMPLATE.replace("@TITLE@", escapeHtml(title)).replace("@DATA@", json);
  }

  /** Writes the page to {@code file}, replacing it. */
  public void writeHtml(Path file) throws IOException {
    Files.writeString(file, html(), StandardCharsets.UTF_8);
  }

  /** One frame in the tree: the samples of every stack through it, its callees by name. */
  private static final class Node {
    final String name;
    long samples;
    // Sorted by name, as flame graphs are: the same stacks always draw the same picture.
    final Map<String, Node> children = new TreeMap<>();

    Node(String name) {
      this.name = name;
    }

    void appendJson(StringBuilder out) {
      out.append("{\"n\":");
      appendJsonString(name, out);
      out.append(",\"v\":").append(samples);
      if (!children.isEmpty()) {
        out.append(",\"c\":[");
        boolean first = true;
        for (Node child : children.values()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          child.appendJson(out);
        }
        out.append(']');
      }
      out.append('}');
    }
  }

  /**
   * A JSON string that is also safe inside {@code <script>}: {@code <}, {@code >} and {@code &}
   * are escaped, so a frame named {@code </script>} cannot end the data early.
   */
  static void appendJsonString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("@", "&#64;");
  }

  private static String template() {
    try (InputStream in = FlameGraph.class.getResourceAsStream("flamegraph.html")) {
      if (in == null) {
        throw new IllegalStateException("flamegraph.html is missing from ebpf4j-runtime's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
