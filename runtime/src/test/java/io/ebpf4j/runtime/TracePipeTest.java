package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@link TracePipe#open} says when the pipe will not open: no kernel needed. */
class TracePipeTest {
  private static final Path PIPE = Path.of("/sys/kernel/tracing/trace_pipe");

  @Test
  void aPipeAnotherProcessReadsIsNotAMatterOfPrivileges() {
    String message =
        TracePipe.openFailure(
                PIPE, new FileSystemException(PIPE.toString(), null, "Device or resource busy"))
            .getMessage();
    assertTrue(message.contains("another process is reading it"), message);
    assertFalse(message.contains("root"), message);
  }

  @Test
  void aRefusedOpenNamesThePrivileges() {
    String message =
        TracePipe.openFailure(PIPE, new AccessDeniedException(PIPE.toString())).getMessage();
    assertTrue(message.startsWith("cannot open " + PIPE + ": reading it needs root"), message);
  }
}
