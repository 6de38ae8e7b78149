package io.ebpf4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives back the resident code pages of bcc's compiler: the text of libLLVM, libclang-cpp and
 * libbcc, which a compile (or, on a cache hit, LLVM's static initializers when libbcc is
 * linked) faults in and which otherwise stay resident, some 50 to 80 MB. {@code
 * bcc_free_memory} does this for libbcc's own text only; where libbcc links LLVM dynamically, as
 * Debian's does, LLVM's code is in the other two.
 *
 * <p>Only executable, private, never-written mappings are dropped ({@code r-xp}): their pages
 * are the file's, and fault in again from it (the page cache, usually) when called. Read-only
 * data is left alone: after relocation it may hold written pages ({@code PT_GNU_RELRO}) that the
 * file could not give back.
 */
final class CompilerPages {
  private static final System.Logger LOG = System.getLogger(CompilerPages.class.getName());

  /** The start of each library's file name. */
  private static final List<String> LIBRARIES = List.of("libLLVM", "libclang-cpp", "libbcc.so");

  /** One mapping of {@code /proc/self/maps}. */
  record Range(long start, long end, String path) {}

  /**
   * Whether the pages may be resident again since the last release: linking libbcc faults them
   * in ({@link #linked}), and so does every compile. A process that never linked it has none.
   */
  private static volatile boolean touched;

  private CompilerPages() {}

  /** libbcc was just linked, which ran LLVM's static initializers. */
  static void linked() {
    touched = true;
  }

  /**
   * As {@link #release}, unless nothing touched the compiler since the last release: a cache
   * hit after a hit pays nothing for it.
   */
  static long releaseIfTouched(Libc libc) {
    return touched ? release(libc) : 0;
  }

  /** Drops the compiler's code pages; returns the bytes of the ranges given back. */
  static long release(Libc libc) {
    touched = false;
    List<String> maps;
    try {
      maps = Files.readAllLines(Path.of("/proc/self/maps"));
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot read /proc/self/maps: {0}", e);
      return 0;
    }
    long released = 0;
    for (Range r : codeRanges(maps)) {
      int errno = libc.dropPages(r.start(), r.end() - r.start());
      if (errno == 0) {
        released += r.end() - r.start();
      } else {
        LOG.log(System.Logger.Level.DEBUG, "madvise of {0}''s code failed: {1}", r.path(), libc.strerror(errno));
      }
    }
    return released;
  }

  /** The compiler libraries' executable, private mappings among {@code maps}' lines. */
  static List<Range> codeRanges(List<String> maps) {
    List<Range> ranges = new ArrayList<>();
    for (String line : maps) {
      // start-end perms offset dev inode path
      String[] fields = line.trim().split("\\s+", 6);
      if (fields.length < 6 || !fields[1].equals("r-xp")) {
        continue;
      }
      String path = fields[5];
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (LIBRARIES.stream().noneMatch(name::startsWith)) {
        continue;
      }
      int dash = fields[0].indexOf('-');
      ranges.add(
          new Range(
              Long.parseUnsignedLong(fields[0].substring(0, dash), 16),
              Long.parseUnsignedLong(fields[0].substring(dash + 1), 16),
              path));
    }
    return ranges;
  }
}
