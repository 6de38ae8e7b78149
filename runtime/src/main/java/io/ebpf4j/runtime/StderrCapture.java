package io.ebpf4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs a native call with file descriptor 2 pointed at a temporary file, and returns what it
 * printed. bcc reports clang's diagnostics and the verifier's log only on stderr, and a user
 * deserves them in the exception, not scrolled past in a log.
 *
 * <p>File descriptor 2 belongs to the whole process, so captures are serialized, and anything
 * another thread prints to stderr meanwhile lands in the capture too.
 */
final class StderrCapture {
  private static final int STDERR = 2;

  record Result<T>(T value, String printed) {}

  private StderrCapture() {}

  static synchronized <T> Result<T> run(Supplier<T> call) {
    Path file;
    try {
      file = Files.createTempFile("ebpf4j-bcc-", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.err.flush();
    int saved = Libc.dup(STDERR);
    T value;
    try {
      int fd = Libc.open(file.toString(), Libc.O_WRONLY | Libc.O_CLOEXEC);
      try {
        Libc.dup2(fd, STDERR);
      } finally {
        Libc.close(fd);
      }
      try {
        value = call.get();
      } finally {
        Libc.dup2(saved, STDERR);
      }
    } finally {
      Libc.close(saved);
    }
    try {
      return new Result<>(value, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A temporary file left in /tmp is not worth failing a successful load for.
      }
    }
  }
}
