package io.ebpf4j.runtime;

import static io.ebpf4j.runtime.Downcalls.call;
import static io.ebpf4j.runtime.Downcalls.callState;
import static io.ebpf4j.runtime.Downcalls.checked;
import static io.ebpf4j.runtime.Downcalls.errno;
import static io.ebpf4j.runtime.Downcalls.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link Libc} through the JDK's foreign function API: the downcall handles, and the only code
 * that invokes them. Every handle captures {@code errno}, and each is made on its first call, in
 * a holder class of its own: a process pays only for the functions it calls, and the handles
 * stay constants for the JIT.
 */
final class JdkLibc implements Libc {
  static final JdkLibc INSTANCE = new JdkLibc();

  private static final class Strerror {
    static final MethodHandle HANDLE =
        downcall("strerror", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  }

  private static final class Close {
    static final MethodHandle HANDLE =
        downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  }

  private static final class Dup {
    static final MethodHandle HANDLE =
        downcall("dup", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  }

  private static final class Dup2 {
    static final MethodHandle HANDLE =
        downcall(
            "dup2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  }

  private static final class Open {
    static final MethodHandle HANDLE =
        downcall(
            "open",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
  }

  private static final class Pipe2 {
    static final MethodHandle HANDLE =
        downcall(
            "pipe2",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
  }

  /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
  private static final class Read {
    static final MethodHandle HANDLE =
        downcall(
            "read",
            FunctionDescriptor.of(
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  }

  /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
  private static final class Write {
    static final MethodHandle HANDLE =
        downcall(
            "write",
            FunctionDescriptor.of(
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  }

  private static final class Fflush {
    static final MethodHandle HANDLE =
        downcall("fflush", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  }

  /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
  private static final class Mmap {
    static final MethodHandle HANDLE =
        downcall(
            "mmap",
            FunctionDescriptor.of(
                ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
  }

  /** {@code int munmap(void *addr, size_t length)}. */
  private static final class Munmap {
    static final MethodHandle HANDLE =
        downcall(
            "munmap",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
  }

  /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}. */
  private static final class Poll {
    static final MethodHandle HANDLE =
        downcall(
            "poll",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
  }

  /** {@code int madvise(void *addr, size_t length, int advice)}. */
  private static final class Madvise {
    static final MethodHandle HANDLE =
        downcall(
            "madvise",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
  }

  private static final int MADV_DONTNEED = 4;
  private static final class Getpagesize {
    static final MethodHandle HANDLE =
        downcall("getpagesize", FunctionDescriptor.of(ValueLayout.JAVA_INT));
  }


  /**
   * Capture memory for the calls that poll and copy, one per thread: they run in loops on the
   * delivery and output threads, where a confined arena per call would allocate each time.
   */
  private static final ThreadLocal<MemorySegment> THREAD_CALL_STATE =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Downcalls.CALL_STATE));

  private JdkLibc() {}

  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    Linker.Option[] withErrno = java.util.Arrays.copyOf(options, options.length + 1);
    withErrno[options.length] = Downcalls.CAPTURE_ERRNO;
    return Downcalls.link(Downcalls.LINKER.defaultLookup(), "libc", name, descriptor, withErrno);
  }

  @Override
  public int pageSize() {
    return call((arena, state) -> (int) Getpagesize.HANDLE.invokeExact(state));
  }

  @Override
  public String strerror(int errno) {
    // Never throws: it words the message of a NativeCallException.
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = (MemorySegment) Strerror.HANDLE.invokeExact(callState(arena), errno);
      return text.reinterpret(1024).getString(0);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }

  @Override
  public int close(int fd) {
    return call((arena, state) -> (int) Close.HANDLE.invokeExact(state, fd));
  }

  @Override
  public int dup(int fd) {
    return checked("dup", errno -> "fd " + fd, (arena, state) -> (int) Dup.HANDLE.invokeExact(state, fd));
  }

  @Override
  public void dup2(int from, int to) {
    checked(
        "dup2", errno -> from + " -> " + to, (arena, state) -> (int) Dup2.HANDLE.invokeExact(state, from, to));
  }

  @Override
  public int[] pipe() {
    return call(
        (arena, state) -> {
          MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
          if ((int) Pipe2.HANDLE.invokeExact(state, fds, O_CLOEXEC) < 0) {
            throw new NativeCallException("pipe2", errno(state), "cannot make a pipe");
          }
          return new int[] {
            fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)
          };
        });
  }

  @Override
  public void flushStdio() {
    call((arena, state) -> (int) Fflush.HANDLE.invokeExact(state, MemorySegment.NULL));
  }

  @Override
  public int open(String path, int flags) {
    return checked(
        "open",
        errno -> path,
        (arena, state) -> (int) Open.HANDLE.invokeExact(state, arena.allocateFrom(path), flags, 0));
  }

  @Override
  public int poll(MemorySegment fds, long count, int timeoutMillis) {
    MemorySegment state = THREAD_CALL_STATE.get();
    try {
      int rc = (int) Poll.HANDLE.invokeExact(state, fds, count, timeoutMillis);
      return rc >= 0 ? rc : -errno(state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public long read(int fd, MemorySegment buffer, long count) {
    return transfer(Read.HANDLE, fd, buffer, count);
  }

  @Override
  public long write(int fd, MemorySegment buffer, long count) {
    return transfer(Write.HANDLE, fd, buffer, count);
  }

  /** {@code read} or {@code write}: the bytes moved, or {@code -errno}; allocates nothing. */
  private static long transfer(MethodHandle readOrWrite, int fd, MemorySegment buffer, long count) {
    MemorySegment state = THREAD_CALL_STATE.get();
    try {
      long n = (long) readOrWrite.invokeExact(state, fd, buffer, count);
      return n >= 0 ? n : -errno(state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public MemorySegment mmap(long length, int protection, int fd, long offset, String failure) {
    return call(
        (arena, state) -> {
          MemorySegment address =
              (MemorySegment)
                  Mmap.HANDLE.invokeExact(
                      state, MemorySegment.NULL, length, protection, MAP_SHARED, fd, offset);
          if (address.address() == -1L) {
            throw new NativeCallException("mmap", errno(state), failure);
          }
          return address;
        });
  }

  @Override
  public void munmap(long address, long length) {
    try {
      call(
          (arena, state) ->
              (int) Munmap.HANDLE.invokeExact(state, MemorySegment.ofAddress(address), length));
    } catch (RuntimeException | Error e) {
      // Nothing to do at cleanup; the mapping dies with the process.
    }
  }

  @Override
  public int dropPages(long address, long length) {
    return call(
        (arena, state) ->
            (int) Madvise.HANDLE.invokeExact(state, MemorySegment.ofAddress(address), length, MADV_DONTNEED)
                    == 0
                ? 0
                : Downcalls.errno(state));
  }
}
