package io.ebpf4j.runtime;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Runs a native call with file descriptors 1 and 2 pointed at pipes, and returns what was printed
 * meanwhile. bcc prints clang's diagnostics on stderr only, and its "Unable to find kernel
 * headers" hint on stdout (C++'s {@code std::cout}), and a user deserves both in the exception,
 * not scrolled past in a log or printed at exit.
 *
 * <p>Those descriptors belong to the whole process: whatever other threads print during the
 * call goes into the pipes too. So a forwarding thread copies every byte on to the real stdout or
 * stderr as it arrives, and nothing printed is lost; the capture holds the other threads' lines
 * as well as bcc's. Captures are serialized.
 */
final class NativeOutputCapture {
  private static final Libc LIBC = Libc.get();
  private static final int STDOUT = 1;
  private static final int STDERR = 2;
  private static final int CHUNK = 64 * 1024;

  record Result<T>(T value, String printed) {}

  private NativeOutputCapture() {}

  static synchronized <T> Result<T> run(Supplier<T> call) {
    // Output that was already pending belongs before the capture, not in it.
    System.out.flush();
    System.err.flush();
    LIBC.flushStdio();
    int[] out = LIBC.pipe();
    int[] err = LIBC.pipe();
    int[] stop = LIBC.pipe();
    int savedOut = LIBC.dup(STDOUT);
    int savedErr = LIBC.dup(STDERR);
    Forwarder forwarder = new Forwarder(out[0], savedOut, err[0], savedErr, stop[0]);
    Thread thread = Thread.ofPlatform().daemon().name("ebpf4j-native-output").start(forwarder);
    T value;
    try {
      LIBC.dup2(out[1], STDOUT);
      LIBC.dup2(err[1], STDERR);
      try {
        value = call.get();
      } finally {
        // Inside the window: what C stdio buffered (std::cout's hint) must reach the pipe.
        System.out.flush();
        System.err.flush();
        LIBC.flushStdio();
        LIBC.dup2(savedOut, STDOUT);
        LIBC.dup2(savedErr, STDERR);
      }
    } finally {
      LIBC.close(out[1]);
      LIBC.close(err[1]);
      // Everything written before the restore is in the pipes now; the forwarder drains them.
      LIBC.close(stop[1]);
      Uninterruptibly.join(thread);
      LIBC.close(out[0]);
      LIBC.close(err[0]);
      LIBC.close(stop[0]);
      LIBC.close(savedOut);
      LIBC.close(savedErr);
    }
    return new Result<>(value, forwarder.printed());
  }

  /**
   * Copies the two pipes to the real descriptors, keeping a copy, until the stop pipe closes;
   * then drains what is left. It never stops reading early: a writer blocked on a full pipe
   * would hang the native call.
   */
  private static final class Forwarder implements Runnable {
    private final int outPipe;
    private final int realOut;
    private final int errPipe;
    private final int realErr;
    private final int stopPipe;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    Forwarder(int outPipe, int realOut, int errPipe, int realErr, int stopPipe) {
      this.outPipe = outPipe;
      this.realOut = realOut;
      this.errPipe = errPipe;
      this.realErr = realErr;
      this.stopPipe = stopPipe;
    }

    @Override
    public void run() {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment buffer = arena.allocate(CHUNK);
        MemorySegment fds = arena.allocate(Libc.POLLFD, 3);
        int[] watched = {outPipe, errPipe, stopPipe};
        for (int i = 0; i < 3; i++) {
          MemorySegment fd = fds.asSlice(i * Libc.POLLFD.byteSize(), Libc.POLLFD);
          fd.set(ValueLayout.JAVA_INT, 0, watched[i]);
          fd.set(ValueLayout.JAVA_SHORT, 4, Libc.POLLIN);
        }
        boolean stopping = false;
        while (true) {
          int ready = LIBC.poll(fds, 3L, stopping ? 0 : -1);
          if (ready < 0) {
            if (ready == -Libc.EINTR) {
              continue;
            }
            return;
          }
          boolean moved = false;
          for (int i = 0; i < 2; i++) {
            short revents = fds.get(ValueLayout.JAVA_SHORT, i * Libc.POLLFD.byteSize() + 6);
            if ((revents & (Libc.POLLIN | Libc.POLLHUP)) != 0) {
              moved |= forward(watched[i], i == 0 ? realOut : realErr, buffer);
            }
          }
          short stopEvents = fds.get(ValueLayout.JAVA_SHORT, 2 * Libc.POLLFD.byteSize() + 6);
          if ((stopEvents & (Libc.POLLIN | Libc.POLLHUP)) != 0) {
            stopping = true;
          }
          if (stopping && !moved) {
            return; // Drained: nothing was left in either pipe.
          }
        }
      } catch (Throwable t) {
        // Nowhere to report it: stderr is what failed. The capture is merely shorter.
      }
    }

    /** Moves one chunk from {@code pipe} to {@code real}; false if there was nothing. */
    private boolean forward(int pipe, int real, MemorySegment buffer) {
      long n = LIBC.read(pipe, buffer, CHUNK);
      if (n <= 0) {
        return false;
      }
      for (long written = 0; written < n; ) {
        long w = LIBC.write(real, buffer.asSlice(written), n - written);
        if (w == -Libc.EINTR) {
          continue;
        }
        if (w <= 0) {
          break; // The real descriptor is gone; keep the copy, drop the rest.
        }
        written += w;
      }
      synchronized (copy) {
        copy.write(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0, (int) n);
      }
      return true;
    }

    String printed() {
      synchronized (copy) {
        return copy.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
