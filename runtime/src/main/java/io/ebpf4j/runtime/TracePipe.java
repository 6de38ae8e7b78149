package io.ebpf4j.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the kernel's shared {@code trace_pipe}, where {@code bpf_trace_printk} writes, as bcc's
 * {@code trace_fields()} does. Reading consumes: two readers of the pipe each see only part of it.
 *
 * <p>A daemon thread reads the pipe, so {@link #next(Duration)} can wait with a timeout; {@link
 * #close()} stops it.
 */
public final class TracePipe implements AutoCloseable {
  private static final String END = new String("end of trace_pipe");

  private final FileChannel channel;
  private final Thread reader;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private volatile IOException failure;

  private TracePipe(FileChannel channel) {
    this.channel = channel;
    this.reader = Thread.ofPlatform().daemon().name("ebpf4j-trace-pipe").start(this::readLines);
  }

  /** Opens {@code trace_pipe} in the mounted tracefs. */
  public static TracePipe open() {
    Path pipe = Kernel.tracefs().resolve("trace_pipe");
    try {
      return new TracePipe(FileChannel.open(pipe, StandardOpenOption.READ));
    } catch (IOException e) {
      throw openFailure(pipe, e);
    }
  }

  /**
   * Why {@code pipe} would not open, with the fix. The kernel lets one process at a time read
   * {@code trace_pipe} and refuses the next with EBUSY, which is not a matter of privileges.
   */
  static Ebpf4jException openFailure(Path pipe, IOException e) {
    String why;
    if (e instanceof java.nio.file.AccessDeniedException) {
      why = "reading it needs root (or CAP_SYS_ADMIN on tracefs)";
    } else if (e instanceof java.nio.file.FileSystemException f
        && "Device or resource busy".equals(f.getReason())) {
      why =
          "another process is reading it, and the kernel allows one reader at a time: stop that"
              + " reader (a cat of trace_pipe, bpftrace, bcc's trace_print, another TracePipe)";
    } else {
      why = e.toString();
    }
    return new Ebpf4jException("cannot open " + pipe + ": " + why, e);
  }

  private void readLines() {
    // Raw reads, split here: each read of trace_pipe returns whatever the kernel has, and a line
    // must be handed on as soon as it is complete. The channel is interruptible: close()
    // interrupts this thread, which unblocks its read.
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          if (b == '\n') {
            lines.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(b);
          }
        }
        buffer.clear();
      }
    } catch (IOException e) {
      if (channel.isOpen()) {
        failure = e;
      }
    } finally {
      lines.add(END);
    }
  }

  /** The next raw line, or empty if none came within {@code timeout}. */
  public Optional<String> nextLine(Duration timeout) {
    try {
      String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (line == END) {
        lines.add(END);
        if (failure != null) {
          throw new Ebpf4jException("reading trace_pipe failed: " + failure, failure);
        }
        return Optional.empty();
      }
      return Optional.ofNullable(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The next line that parses as a {@link TraceEvent}, or empty if none came within {@code
   * timeout}. Lines of another shape are skipped.
   */
  public Optional<TraceEvent> next(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      Optional<String> line = nextLine(Duration.ofNanos(left));
      if (line.isEmpty()) {
        return Optional.empty();
      }
      Optional<TraceEvent> event = TraceEvent.parse(line.get());
      if (event.isPresent()) {
        return event;
      }
    }
  }

  @Override
  public void close() {
    reader.interrupt();
    try {
      channel.close();
      reader.join(TimeUnit.SECONDS.toMillis(5));
    } catch (IOException e) {
      // Closing a read-only pipe has nothing to flush; nothing to report.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
