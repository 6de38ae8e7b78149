package io.ebpf4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Everything outside the source and the cflags that can change what bcc compiles: the kernel it
 * runs on, the headers clang reads, libbcc itself, and the number of possible CPUs (bcc sizes a
 * perf-output map by it). Part of every {@link CacheKey}.
 *
 * @param kernelRelease {@code uname -r}
 * @param headers where {@code /lib/modules/<release>/build} leads and the release its {@code
 *     utsrelease.h} names, with its {@code autoconf.h}'s size and time: a reinstalled or rebuilt
 *     header package misses
 * @param libbcc the file libbcc was loaded from, with its size and time
 * @param possibleCpus {@code /sys/devices/system/cpu/possible}
 */
record CompileEnvironment(String kernelRelease, String headers, String libbcc, String possibleCpus) {

  /** This machine's, read once per call: a few small files. */
  static CompileEnvironment host() {
    String release = firstLine(Path.of("/proc/sys/kernel/osrelease"));
    return new CompileEnvironment(
        release,
        headers(Path.of("/lib/modules", release, "build")),
        libbccFile(),
        firstLine(Path.of("/sys/devices/system/cpu/possible")));
  }

  /** The fields in a fixed order, for hashing. */
  List<String> fields() {
    return List.of(kernelRelease, headers, libbcc, possibleCpus);
  }

  private static String headers(Path build) {
    try {
      Path real = build.toRealPath();
      Path generated = real.resolve("include/generated");
      return real
          + " "
          + firstLine(generated.resolve("utsrelease.h"))
          + " "
          + fileStamp(generated.resolve("autoconf.h"));
    } catch (IOException e) {
      // No headers: bcc then uses the kernel's own (kheaders), of this very release.
      return "none";
    }
  }

  /**
   * The file of libbcc, found without linking it, where the dynamic loader looks for its soname
   * ({@code LD_LIBRARY_PATH}, then the usual directories), as the real path that {@code
   * /proc/self/maps} shows once it is mapped: a process that never links it (a cache hit) has
   * the same key as one that has.
   */
  private static String libbccFile() {
    List<Path> candidates = new java.util.ArrayList<>();
    if (Libbcc.LIBRARY.contains("/")) {
      candidates.add(Path.of(Libbcc.LIBRARY));
    } else {
      String triple = (System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64") + "-linux-gnu";
      List<String> directories = new java.util.ArrayList<>();
      String searched = System.getenv("LD_LIBRARY_PATH");
      if (searched != null) {
        directories.addAll(List.of(searched.split(":")));
      }
      directories.addAll(
          List.of("/lib/" + triple, "/usr/lib/" + triple, "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"));
      for (String directory : directories) {
        if (!directory.isEmpty()) {
          candidates.add(Path.of(directory, Libbcc.LIBRARY));
        }
      }
    }
    for (Path candidate : candidates) {
      try {
        Path file = candidate.toRealPath();
        if (Files.isRegularFile(file)) {
          return file + " " + fileStamp(file);
        }
      } catch (IOException absent) {
        // Not in this directory.
      }
    }
    return loadedLibbcc();
  }

  /** The libbcc this process mapped, found the way bcc_free_memory finds it: /proc/self/maps. */
  private static String loadedLibbcc() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
        int at = line.indexOf('/');
        if (at >= 0 && line.contains("libbcc.so")) {
          Path file = Path.of(line.substring(at));
          return file + " " + fileStamp(file);
        }
      }
    } catch (IOException e) {
      // Fall through: the key then names the library as asked for.
    }
    return Libbcc.LIBRARY;
  }

  private static String fileStamp(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return "absent";
    }
  }

  private static String firstLine(Path file) {
    try (var lines = Files.lines(file)) {
      return lines.findFirst().orElse("").strip();
    } catch (IOException e) {
      return "unreadable";
    }
  }
}
