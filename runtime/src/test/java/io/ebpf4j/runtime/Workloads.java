package io.ebpf4j.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The busy processes the profiling tests sample: a C program compiled here with gcc, and a child
 * JVM with frame pointers. Each prints "ready" once it spins; {@link Running#close()} kills it.
 */
final class Workloads {
  /** The function the native workload spins in. */
  static final String NATIVE_FUNCTION = "ebpf4j_native_spin_q7";
  /** The method the Java workload spins in. */
  static final String JAVA_METHOD = "ebpf4jHotSpinQ7";

  private Workloads() {}

  /** A started workload. */
  record Running(Process process) implements AutoCloseable {
    long pid() {
      return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Compiles {@code native_spin.c} into {@code dir} with frame pointers; returns the binary. */
  static Path compileNative(Path dir) throws IOException, InterruptedException {
    return compile(dir, "native_spin", "-O1");
  }

  /**
   * Compiles the resource {@code name}.c into {@code dir} with frame pointers, at {@code
   * optimization}; returns the binary.
   */
  static Path compile(Path dir, String name, String optimization)
      throws IOException, InterruptedException {
    Path source = dir.resolve(name + ".c");
    try (InputStream in = Workloads.class.getResourceAsStream(name + ".c")) {
      Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
    }
    Path binary = dir.resolve(name);
    Process gcc =
        new ProcessBuilder(
                "gcc", optimization, "-g", "-fno-omit-frame-pointer", "-o", binary.toString(),
                source.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (gcc.waitFor() != 0) {
      throw new AssertionError("gcc failed (scripts/setup.sh installs it):\n" + out);
    }
    return binary;
  }

  static Running startNative(Path binary, int seconds) throws IOException {
    return started(new ProcessBuilder(binary.toString(), Integer.toString(seconds)));
  }

  /**
   * A child JVM, this one's java, spinning in {@link SpinningJava#ebpf4jHotSpinQ7}: with frame
   * pointers, so that its user stacks can be walked, and the method kept out of its caller, so
   * that it has a frame of its own.
   */
  static Running startJava(int seconds) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+PreserveFramePointer");
    command.add("-XX:CompileCommand=quiet");
    command.add("-XX:CompileCommand=dontinline,io.ebpf4j.runtime.SpinningJava::" + JAVA_METHOD);
    command.add("-Xmx64m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SpinningJava.class.getName());
    command.add(Integer.toString(seconds));
    return started(new ProcessBuilder(command));
  }

  private static Running started(ProcessBuilder builder) throws IOException {
    Process process =
        builder.redirectError(ProcessBuilder.Redirect.INHERIT)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      process.destroyForcibly();
      throw new AssertionError(builder.command() + " printed `" + line + "`, not `ready`");
    }
    return new Running(process);
  }

  /** Runs {@code command}, returning its stdout; fails with its output if it exits non-zero. */
  static String run(List<String> command, int timeoutSeconds) {
    try {
      Path err = Files.createTempFile("ebpf4j-tool-", ".err");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        // Read while it runs: a full pipe would stop it.
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
          throw new AssertionError(
              command + " exited " + p.exitValue() + ":\n" + Files.readString(err));
        }
        return new String(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }
}
