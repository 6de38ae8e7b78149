package io.ebpf4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/** The few libc functions the runtime needs, and {@code errno} capture for all downcalls. */
final class Libc {
  static final Linker LINKER = Linker.nativeLinker();

  /** Layout of the call state a downcall linked with {@link #CAPTURE_ERRNO} writes. */
  static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

  static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

  static final int O_WRONLY = 01;
  static final int O_CLOEXEC = 02000000;
  static final int EINTR = 4;
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EACCES = 13;

  private static final MethodHandle STRERROR =
      downcall("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  private static final MethodHandle CLOSE =
      downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle DUP =
      downcall("dup", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle DUP2 =
      downcall(
          "dup2",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle OPEN =
      downcall(
          "open",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
          Linker.Option.firstVariadicArg(2));

  private static final MethodHandle PIPE2 =
      downcall(
          "pipe2",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
  static final MethodHandle READ =
      downcall(
          "read",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
  static final MethodHandle WRITE =
      downcall(
          "write",
          FunctionDescriptor.of(
              ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  private static final MethodHandle FFLUSH =
      downcall("fflush", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

  static final short POLLHUP = 0x10;

  static final int PROT_READ = 1;
  static final int PROT_WRITE = 2;
  static final int MAP_SHARED = 1;
  static final short POLLIN = 1;

  /** {@code struct pollfd} from {@code poll.h}. */
  static final StructLayout POLLFD =
      java.lang.foreign.MemoryLayout.structLayout(
          ValueLayout.JAVA_INT.withName("fd"),
          ValueLayout.JAVA_SHORT.withName("events"),
          ValueLayout.JAVA_SHORT.withName("revents"));

  /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
  static final MethodHandle MMAP =
      downcall(
          "mmap",
          FunctionDescriptor.of(
              ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
              ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
  /** {@code int munmap(void *addr, size_t length)}. */
  static final MethodHandle MUNMAP =
      downcall(
          "munmap",
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}. */
  static final MethodHandle POLL =
      downcall(
          "poll",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
  private static final MethodHandle GETPAGESIZE =
      downcall("getpagesize", FunctionDescriptor.of(ValueLayout.JAVA_INT));

  private Libc() {}

  /** The kernel's page size, which sizes BPF ring buffers. */
  static int pageSize() {
    try (Arena arena = Arena.ofConfined()) {
      return (int) GETPAGESIZE.invokeExact(arena.allocate(CALL_STATE));
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    MemorySegment symbol =
        LINKER
            .defaultLookup()
            .find(name)
            .orElseThrow(() -> new LinkageError("libc has no " + name));
    Linker.Option[] withErrno = java.util.Arrays.copyOf(options, options.length + 1);
    withErrno[options.length] = CAPTURE_ERRNO;
    return LINKER.downcallHandle(symbol, descriptor, withErrno);
  }

  /** The errno a downcall wrote into {@code callState}. */
  static int errno(MemorySegment callState) {
    return (int) ERRNO.get(callState, 0L);
  }

  static String strerror(int errno) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text =
          (MemorySegment) STRERROR.invokeExact(arena.allocate(CALL_STATE), errno);
      return text.reinterpret(1024).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  /** Closes {@code fd}; a failure is returned, not thrown, because callers are cleaning up. */
  static int close(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), fd);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static int dup(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int result = (int) DUP.invokeExact(state, fd);
      if (result < 0) {
        throw new NativeCallException("dup", errno(state), "fd " + fd);
      }
      return result;
    } catch (NativeCallException e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static void dup2(int from, int to) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int result = (int) DUP2.invokeExact(state, from, to);
      if (result < 0) {
        throw new NativeCallException("dup2", errno(state), from + " -> " + to);
      }
    } catch (NativeCallException e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** A pipe with both ends close-on-exec: {@code {read end, write end}}. */
  static int[] pipe() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
      int rc = (int) PIPE2.invokeExact(state, fds, O_CLOEXEC);
      if (rc < 0) {
        throw new NativeCallException("pipe2", errno(state), "cannot make a pipe");
      }
      return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
    } catch (NativeCallException e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /**
   * Flushes every C stdio stream ({@code fflush(NULL)}), so that what native code left in their
   * buffers, C++'s {@code std::cout} included, is written now.
   */
  static void flushStdio() {
    try (Arena arena = Arena.ofConfined()) {
      int ignored = (int) FFLUSH.invokeExact(arena.allocate(CALL_STATE), MemorySegment.NULL);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static int open(String path, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CALL_STATE);
      int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
      if (fd < 0) {
        throw new NativeCallException("open", errno(state), path);
      }
      return fd;
    } catch (NativeCallException e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }
}
