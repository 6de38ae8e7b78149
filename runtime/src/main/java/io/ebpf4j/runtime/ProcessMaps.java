package io.ebpf4j.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A process's memory mappings, from {@code /proc/<pid>/maps}: which file, or which anonymous
 * memory, an instruction address is in. That decides how a user frame is resolved: ELF symbols
 * for a mapped file, the perf map for anonymous executable memory (where JITs put their code).
 * Immutable.
 */
final class ProcessMaps {
  /** One line of the maps file. */
  record Mapping(long start, long end, boolean executable, String path) {
    /** Memory no file backs: {@code [anon:...]} names and the unnamed ones. */
    boolean anonymous() {
      return path.isEmpty() || path.startsWith("[anon");
    }

    /** The kernel's special mappings, {@code [vdso]}, {@code [stack]}, {@code [heap]}. */
    boolean special() {
      return path.startsWith("[") && !anonymous();
    }

    boolean contains(long address) {
      return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }
  }

  private final List<Mapping> mappings;

  private ProcessMaps(List<Mapping> mappings) {
    this.mappings = List.copyOf(mappings);
  }

  /** A process with no mappings: one that has exited, or could not be read. */
  static ProcessMaps empty() {
    return new ProcessMaps(List.of());
  }

  /**
   * Parses maps lines: {@code 7fef5bb07000-7fef5bc5d000 r-xp 00026000 fe:00 339380
   * /usr/lib/x86_64-linux-gnu/libc.so.6}; lines that do not parse are skipped.
   */
  static ProcessMaps parse(Reader reader) throws IOException {
    BufferedReader in =
        reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
    List<Mapping> mappings = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null) {
      Mapping mapping = parseLine(line);
      if (mapping != null) {
        mappings.add(mapping);
      }
    }
    return new ProcessMaps(mappings);
  }

  private static Mapping parseLine(String line) {
    String[] fields = line.strip().split("\\s+", 6);
    if (fields.length < 5) {
      return null;
    }
    int dash = fields[0].indexOf('-');
    if (dash <= 0 || fields[1].length() < 3) {
      return null;
    }
    try {
      long start = Long.parseUnsignedLong(fields[0], 0, dash, 16);
      long end = Long.parseUnsignedLong(fields[0], dash + 1, fields[0].length(), 16);
      String path = fields.length == 6 ? fields[5].strip() : "";
      return new Mapping(start, end, fields[1].charAt(2) == 'x', path);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The mapping that holds {@code address}, or null. */
  Mapping find(long address) {
    for (Mapping mapping : mappings) {
      if (mapping.contains(address)) {
        return mapping;
      }
    }
    return null;
  }

  /** Whether any mapping's file is named {@code fileName} ({@code libjvm.so}); its path, or null. */
  String fileNamed(String fileName) {
    for (Mapping mapping : mappings) {
      if (mapping.path.endsWith("/" + fileName)) {
        return mapping.path;
      }
    }
    return null;
  }

  boolean isEmpty() {
    return mappings.isEmpty();
  }
}
