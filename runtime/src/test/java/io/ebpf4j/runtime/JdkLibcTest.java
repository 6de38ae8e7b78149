package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The libc facade reports each call's own errno: as an exception, or as {@code -errno}. No root. */
class JdkLibcTest {
  private static final int EBADF = 9;
  private static final Libc LIBC = Libc.get();

  @Test
  void aFailedOpenNamesTheFunctionTheErrnoAndThePath() {
    NativeCallException e =
        assertThrows(
            NativeCallException.class, () -> LIBC.open("/nonexistent/ebpf4j", Libc.O_WRONLY));
    assertEquals("open", e.function());
    assertEquals(Libc.ENOENT, e.errno());
    assertEquals(
        "open failed (errno 2, No such file or directory): /nonexistent/ebpf4j", e.getMessage());
  }

  @Test
  void readAndWriteOnAClosedDescriptorReturnMinusErrno() {
    int[] pipe = LIBC.pipe();
    LIBC.close(pipe[0]);
    LIBC.close(pipe[1]);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(8);
      assertEquals(-EBADF, LIBC.read(pipe[0], buffer, 8));
      assertEquals(-EBADF, LIBC.write(pipe[1], buffer, 8));
    }
  }

  @Test
  void aPipeCarriesBytes() {
    int[] pipe = LIBC.pipe();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocateFrom("ebpf4j");
      assertEquals(7, LIBC.write(pipe[1], out, 7));
      MemorySegment in = arena.allocate(16);
      assertEquals(7, LIBC.read(pipe[0], in, 16));
      assertEquals("ebpf4j", in.getString(0));
    } finally {
      LIBC.close(pipe[0]);
      LIBC.close(pipe[1]);
    }
  }

  @Test
  void strerrorNamesTheError() {
    assertEquals("Bad file descriptor", LIBC.strerror(EBADF));
  }
}
