package io.ebpf4j.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a symbolizer needs to know of a process that runs a HotSpot JVM: where its perf map is,
 * how to ask it for one, and whether it keeps frame pointers in JIT-compiled code.
 *
 * <p>Everything is read through {@code /proc/<pid>}, so a JVM in another mount or pid namespace
 * (a container) is found too: its perf map is {@code /proc/<pid>/root/tmp/perf-<its own
 * pid>.map}.
 */
final class JvmProcess {
  private static final String PRESERVE = "-XX:+PreserveFramePointer";
  private static final String DONT_PRESERVE = "-XX:-PreserveFramePointer";

  private final int pid;
  private final Path proc;
  private final String libjvm;

  private JvmProcess(int pid, Path proc, String libjvm) {
    this.pid = pid;
    this.proc = proc;
    this.libjvm = libjvm;
  }

  /** The JVM of process {@code pid}, if its mappings hold a {@code libjvm.so}. */
  static Optional<JvmProcess> of(int pid, Path procRoot, ProcessMaps maps) {
    String libjvm = maps.fileNamed("libjvm.so");
    return libjvm == null
        ? Optional.empty()
        : Optional.of(new JvmProcess(pid, procRoot.resolve(Integer.toString(pid)), libjvm));
  }

  int pid() {
    return pid;
  }

  /** The process's pid in its own pid namespace ({@code NSpid} in its status), which names its map. */
  int namespacePid() {
    try {
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith("NSpid:")) {
          String[] ids = line.substring(6).strip().split("\\s+");
          return Integer.parseInt(ids[ids.length - 1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // An old kernel without NSpid, or an exited process: the pid is the best guess.
    }
    return pid;
  }

  /** Where the JVM writes its perf map, seen from here. */
  Path perfMap() {
    return proc.resolve("root/tmp/perf-" + namespacePid() + ".map");
  }

  /** Whether the process is in another mount namespace than this one. */
  boolean otherMountNamespace() {
    try {
      Path self = proc.getParent().resolve("self/ns/mnt");
      return !Files.readSymbolicLink(proc.resolve("ns/mnt"))
          .equals(Files.readSymbolicLink(self));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the JVM's command line or its options variables turn {@code PreserveFramePointer}
   * on; the last setting wins, as in HotSpot. Empty when neither says.
   */
  Optional<Boolean> preserveFramePointerFromCommandLine() {
    List<String> words = new ArrayList<>();
    try {
      for (String variable : environment()) {
        if (variable.startsWith("JAVA_TOOL_OPTIONS=") || variable.startsWith("_JAVA_OPTIONS=")) {
          words.addAll(List.of(variable.substring(variable.indexOf('=') + 1).split("\\s+")));
        }
      }
    } catch (IOException e) {
      // Unreadable environment: the command line alone decides.
    }
    try {
      words.addAll(nulSeparated(proc.resolve("cmdline")));
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<Boolean> result = Optional.empty();
    for (String word : words) {
      if (word.equals(PRESERVE)) {
        result = Optional.of(true);
      } else if (word.equals(DONT_PRESERVE)) {
        result = Optional.of(false);
      }
    }
    return result;
  }

  /** Whether {@code VM.flags} output lists {@code -XX:+PreserveFramePointer}. */
  static boolean flagsPreserveFramePointer(String vmFlags) {
    return List.of(vmFlags.split("\\s+")).contains(PRESERVE);
  }

  /**
   * The {@code jcmd} to ask this JVM with: its own JDK's (beside {@code bin/java}, or above its
   * {@code lib/server/libjvm.so}), else {@code $JAVA_HOME}'s, else this JVM's; empty if none
   * exists. A JRE has no jcmd.
   */
  Optional<Path> jcmd() {
    List<Path> candidates = new ArrayList<>();
    try {
      Path exe = Files.readSymbolicLink(proc.resolve("exe"));
      if (exe.getParent() != null) {
        candidates.add(exe.resolveSibling("jcmd"));
      }
    } catch (IOException | RuntimeException e) {
      // An exited process, or no right to read its exe: try the others.
    }
    Path libjvmPath = Path.of(libjvm);
    if (libjvmPath.getNameCount() > 3) {
      candidates.add(libjvmPath.getParent().getParent().getParent().resolve("bin/jcmd"));
    }
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isEmpty()) {
      candidates.add(Path.of(javaHome, "bin", "jcmd"));
    }
    candidates.add(Path.of(System.getProperty("java.home"), "bin", "jcmd"));
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  private List<String> environment() throws IOException {
    return nulSeparated(proc.resolve("environ"));
  }

  private static List<String> nulSeparated(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<String> words = new ArrayList<>();
    for (String word : text.split("\0")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }
}
