package io.ebpf4j.runtime;

import io.ebpf4j.api.Frame;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A JIT's symbol file, {@code /tmp/perf-<pid>.map}: one line per generated code blob, {@code
 * START SIZE name} with START and SIZE in hex (HotSpot writes them with {@code 0x}, other JITs
 * without). HotSpot's {@code jcmd <pid> Compiler.perfmap} writes compiled Java methods as {@code
 * long Busy.spin(long)}, the interpreter as {@code Interpreter}, and its stubs and adapters by
 * their blob names.
 *
 * <p>A later line for the same start address wins, as in perf: the code cache reuses memory.
 * Immutable, so thread-safe.
 */
final class PerfMap {
  /** HotSpot's name for the template interpreter's code. */
  static final String INTERPRETER = "Interpreter";

  /** The module of frames resolved through a perf map. */
  static final String MODULE = "[jit]";

  private record Blob(long start, long size, String name) {}

  private final TreeMap<Long, Blob> blobs;

  private PerfMap(TreeMap<Long, Blob> blobs) {
    this.blobs = blobs;
  }

  /** An empty map: nothing resolves. */
  static PerfMap empty() {
    return new PerfMap(new TreeMap<>());
  }

  /** Parses a perf map; lines that do not parse are skipped. */
  static PerfMap parse(Reader reader) throws IOException {
    BufferedReader in =
        reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
    TreeMap<Long, Blob> blobs = new TreeMap<>(Long::compareUnsigned);
    String line;
    while ((line = in.readLine()) != null) {
      Blob blob = parseLine(line);
      if (blob != null) {
        blobs.put(blob.start, blob);
      }
    }
    return new PerfMap(blobs);
  }

  private static Blob parseLine(String line) {
    int first = line.indexOf(' ');
    if (first <= 0) {
      return null;
    }
    int second = line.indexOf(' ', first + 1);
    if (second <= first + 1 || second == line.length() - 1) {
      return null;
    }
    try {
      long start = hex(line.substring(0, first));
      long size = hex(line.substring(first + 1, second));
      String name = line.substring(second + 1).strip();
      return size > 0 && !name.isEmpty() ? new Blob(start, size, name) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long hex(String text) {
    String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    return Long.parseUnsignedLong(digits, 16);
  }

  /** The number of code blobs. */
  int size() {
    return blobs.size();
  }

  /**
   * The frame of {@code address}, or null if no blob holds it: the map is older than the code,
   * or the address is not JIT code.
   */
  Frame resolve(long address) {
    Map.Entry<Long, Blob> entry = blobs.floorEntry(address);
    if (entry == null) {
      return null;
    }
    Blob blob = entry.getValue();
    long offset = address - blob.start;
    if (Long.compareUnsigned(offset, blob.size) >= 0) {
      return null;
    }
    Frame.Kind kind = kindOf(blob.name);
    return kind == Frame.Kind.JAVA_INTERPRETED
        ? new Frame(address, kind, null, 0, MODULE, "the template interpreter's code")
        : new Frame(address, kind, blob.name, offset, MODULE, "");
  }

  /**
   * HotSpot names a compiled Java method as {@code Method::external_name} does: return type,
   * space, class, dot, method, parameter list ({@code void java.lang.Object.<init>()}).
   */
  private static final Pattern JAVA_METHOD =
      Pattern.compile("[^\\s(]+ [^\\s(]+\\.[^\\s(.]+\\(.*\\)");

  /**
   * A compiled Java method is named like {@link #JAVA_METHOD}; the interpreter is {@code
   * Interpreter}; everything else HotSpot generates (adapters, {@code StubRoutines
   * (initialstubs)}, runtime blobs) is a stub, and so is another JIT's code.
   */
  static Frame.Kind kindOf(String name) {
    if (name.equals(INTERPRETER)) {
      return Frame.Kind.JAVA_INTERPRETED;
    }
    return JAVA_METHOD.matcher(name).matches() ? Frame.Kind.JAVA_COMPILED : Frame.Kind.STUB;
  }
}
