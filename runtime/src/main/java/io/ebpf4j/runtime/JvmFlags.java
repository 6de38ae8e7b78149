package io.ebpf4j.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code -XX} flags without which some {@code hotspot} probes never fire (the JDK's {@code
 * hotspot.d} notes and HotSpot's {@code DTrace*Probes} flags), and whether a running JVM was
 * started with them: from its command line, {@code /proc/<pid>/cmdline}, and the options the
 * launcher reads from the environment ({@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS},
 * {@code _JAVA_OPTIONS}). The last of {@code -XX:+F} and {@code -XX:-F} wins, as in HotSpot;
 * {@code -XX:+ExtendedDTraceProbes}, before JDK 20, turned all of them on. An options file
 * ({@code -XX:Flags=}, {@code @argfiles}) is not read: such a JVM is reported as lacking the
 * flag, and the message says where it looked.
 */
final class JvmFlags {
  private static final List<String> ENVIRONMENT =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private JvmFlags() {}


  /** Fails naming {@code flag} unless process {@code pid} was started with it on. */
  static void require(int pid, String probe, String flag) {
    List<String> options = options(pid);
    if (!enabled(options, flag)) {
      throw new Ebpf4jException(
          probe + " fires only in a JVM started with -XX:+" + flag + ", and process " + pid
              + " was not (read from /proc/" + pid + "/cmdline and its JAVA_TOOL_OPTIONS,"
              + " JDK_JAVA_OPTIONS and _JAVA_OPTIONS): restart it with -XX:+" + flag);
    }
  }

  /** Whether {@code options}, in order, leave {@code flag} on. */
  static boolean enabled(List<String> options, String flag) {
    boolean on = false;
    for (String option : options) {
      if (option.equals("-XX:+" + flag) || option.equals("-XX:+ExtendedDTraceProbes")) {
        on = true;
      } else if (option.equals("-XX:-" + flag)) {
        on = false;
      }
    }
    return on;
  }

  /** The environment's options first, as the launcher puts them before the command line's. */
  private static List<String> options(int pid) {
    List<String> options = new ArrayList<>();
    for (String variable : split(read(pid, "environ"))) {
      for (String name : ENVIRONMENT) {
        if (variable.startsWith(name + "=")) {
          options.addAll(List.of(variable.substring(name.length() + 1).trim().split("\\s+")));
        }
      }
    }
    options.addAll(split(read(pid, "cmdline")));
    return options;
  }

  private static List<String> split(String nulSeparated) {
    List<String> parts = new ArrayList<>();
    for (String part : nulSeparated.split("\0")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  private static String read(int pid, String file) {
    Path path = Path.of("/proc/" + pid + "/" + file);
    try {
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Ebpf4jException(
          "cannot read " + path + " to check the JVM's -XX flags (" + e.getMessage() + ")");
    }
  }
}
