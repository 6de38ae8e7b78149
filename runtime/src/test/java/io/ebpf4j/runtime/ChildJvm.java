package io.ebpf4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class of these tests in a new JVM, behind a command that changes its user, its
 * capabilities or its mounts ({@code setpriv}, {@code unshare}): the privileges of a process are
 * fixed once it runs, so another user can only be tried in another process.
 */
final class ChildJvm {
  /** What the child printed, stdout and stderr apart. */
  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  private static List<String> classPath;

  private ChildJvm() {}

  /** Runs {@code main} with {@code args}, as {@code wrapper} (a command and its options) runs it. */
  static Result run(List<String> wrapper, Class<?> main, String... args) {
    List<String> command = new ArrayList<>(wrapper);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    // A short-lived child: the interpreter and C1 are enough, and the machine's cores are shared.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:-UsePerfData");
    command.add("-cp");
    command.add(String.join(":", readableClassPath()));
    command.add(main.getName());
    command.addAll(List.of(args));
    try {
      Path stderr = Files.createTempFile("ebpf4j-child-", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(stderr.toFile())
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        return new Result(exit, out, Files.readString(stderr, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + command, e);
    }
  }

  /**
   * This JVM's class path, with its jars copied where any user may read them: the local Maven
   * repository is often readable by its owner only, and the child may run as {@code nobody}.
   */
  private static synchronized List<String> readableClassPath() {
    if (classPath != null) {
      return classPath;
    }
    try {
      Path dir = Files.createTempDirectory("ebpf4j-child-cp-");
      dir.toFile().deleteOnExit();
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      List<String> entries = new ArrayList<>();
      int n = 0;
      for (String entry : System.getProperty("java.class.path").split(":")) {
        Path path = Path.of(entry);
        if (Files.isRegularFile(path)) {
          Path copy = dir.resolve(n++ + "-" + path.getFileName());
          Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
          copy.toFile().deleteOnExit();
          entries.add(copy.toString());
        } else {
          entries.add(entry);
        }
      }
      classPath = List.copyOf(entries);
      return classPath;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code setpriv} options that run the child as {@code nobody} with exactly {@code caps}. */
  static List<String> asNobodyWith(String... caps) {
    List<String> command =
        new ArrayList<>(
            List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    if (caps.length > 0) {
      String list = "+" + String.join(",+", caps);
      // Inheritable and ambient: the only way capabilities survive into a program that is not
      // marked with setcap, here the JVM.
      command.add("--inh-caps=" + list);
      command.add("--ambient-caps=" + list);
    }
    return command;
  }
}
