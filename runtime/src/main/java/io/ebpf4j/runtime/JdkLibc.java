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

  private static final class Open {
    static final MethodHandle HANDLE =
        downcall(
            "open",
            FunctionDescriptor.of(
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.firstVariadicArg(2));
  }

  private static final class Fflush {
    static final MethodHandle HANDLE =
        downcall("fflush", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  }

  /** glibc's {@code int malloc_trim(size_t pad)}; absent from musl, so looked up, not required. */
  private static final class MallocTrim {
    static final java.util.Optional<MethodHandle> HANDLE =
        Downcalls.LINKER
            .defaultLookup()
            .find("malloc_trim")
            .map(
                symbol ->
                    Downcalls.downcallHandle(
                        symbol, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)));
  }

  private static final int MADV_DONTNEED = 4;


  /**
   * Capture memory for the calls that poll and copy, one per thread: they run in loops on the
   * delivery and output threads, where a confined arena per call would allocate each time.
   */
  private static final ThreadLocal<MemorySegment> THREAD_CALL_STATE =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Downcalls.CALL_STATE));

  /** The timeout of {@link #poll}, one per thread, as its call state. */
  private static final ThreadLocal<MemorySegment> THREAD_TIMESPEC =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

  /** The kernel's page size: {@code AT_PAGESZ} of this process's auxiliary vector. */
  private static final int PAGE_SIZE = auxiliaryValue(6);

  private JdkLibc() {}

  /**
   * Entry {@code type} of {@code /proc/self/auxv}, pairs of native longs, which is where
   * getpagesize(3) has the page size from: a file read instead of a downcall to make.
   */
  private static int auxiliaryValue(long type) {
    try {
      java.nio.ByteBuffer auxv =
          java.nio.ByteBuffer.wrap(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/auxv")))
              .order(java.nio.ByteOrder.nativeOrder());
      while (auxv.remaining() >= 16) {
        long key = auxv.getLong();
        long value = auxv.getLong();
        if (key == type) {
          return Math.toIntExact(value);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no entry " + type + " in /proc/self/auxv");
  }

  /** A system call of up to three arguments through the one handle; -1 and errno on failure. */
  private static long sys(MemorySegment state, long number, long a, long b, long c) throws Throwable {
    return JdkBpfSyscalls.raw(state, number, a, b, c, 0, 0);
  }

  private static MethodHandle downcall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    Linker.Option[] withErrno = java.util.Arrays.copyOf(options, options.length + 1);
    withErrno[options.length] = Downcalls.CAPTURE_ERRNO;
    return Downcalls.link(Downcalls.LINKER.defaultLookup(), "libc", name, descriptor, withErrno);
  }

  @Override
  public int pageSize() {
    return PAGE_SIZE;
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
    return call((arena, state) -> (int) sys(state, JdkBpfSyscalls.SYS_CLOSE, fd, 0, 0));
  }

  @Override
  public int dup(int fd) {
    return checked("dup", errno -> "fd " + fd, (arena, state) -> (int) sys(state, JdkBpfSyscalls.SYS_DUP, fd, 0, 0));
  }

  @Override
  public void dup2(int from, int to) {
    checked(
        "dup2", errno -> from + " -> " + to, // dup3 without flags is dup2 for two different fds, and arm64 has only dup3.
        (arena, state) -> (int) sys(state, JdkBpfSyscalls.SYS_DUP3, from, to, 0));
  }

  @Override
  public int[] pipe() {
    return call(
        (arena, state) -> {
          MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
          if (sys(state, JdkBpfSyscalls.SYS_PIPE2, fds.address(), O_CLOEXEC, 0) < 0) {
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
      // ppoll, which arm64 has and poll(2) is made of: a timeout as a timespec, or NULL for none.
      long timeout = 0;
      if (timeoutMillis >= 0) {
        MemorySegment spec = THREAD_TIMESPEC.get();
        spec.set(ValueLayout.JAVA_LONG, 0, timeoutMillis / 1000);
        spec.set(ValueLayout.JAVA_LONG, 8, timeoutMillis % 1000 * 1_000_000L);
        timeout = spec.address();
      }
      int rc = (int) JdkBpfSyscalls.raw(state, JdkBpfSyscalls.SYS_PPOLL, fds.address(), count, timeout, 0, 0);
      return rc >= 0 ? rc : -errno(state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public long read(int fd, MemorySegment buffer, long count) {
    return transfer(JdkBpfSyscalls.SYS_READ, fd, buffer, count);
  }

  @Override
  public long write(int fd, MemorySegment buffer, long count) {
    return transfer(JdkBpfSyscalls.SYS_WRITE, fd, buffer, count);
  }

  /** {@code read} or {@code write}: the bytes moved, or {@code -errno}; allocates nothing. */
  private static long transfer(long readOrWrite, int fd, MemorySegment buffer, long count) {
    MemorySegment state = THREAD_CALL_STATE.get();
    try {
      long n = JdkBpfSyscalls.raw(state, readOrWrite, fd, buffer.address(), count, 0, 0);
      return n >= 0 ? n : -errno(state);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  @Override
  public MemorySegment mmap(long length, int protection, int fd, long offset, String failure) {
    return call(
        (arena, state) -> {
          long address =
              JdkBpfSyscalls.raw(
                  state, JdkBpfSyscalls.SYS_MMAP, 0, length, protection, MAP_SHARED, fd, offset);
          if (address == -1L) {
            throw new NativeCallException("mmap", errno(state), failure);
          }
          return MemorySegment.ofAddress(address);
        });
  }

  @Override
  public void munmap(long address, long length) {
    try {
      call(
          (arena, state) ->
              (int) sys(state, JdkBpfSyscalls.SYS_MUNMAP, address, length, 0));
    } catch (RuntimeException | Error e) {
      // Nothing to do at cleanup; the mapping dies with the process.
    }
  }

  @Override
  public int dropPages(long address, long length) {
    return call(
        (arena, state) ->
            (int) sys(state, JdkBpfSyscalls.SYS_MADVISE, address, length, MADV_DONTNEED)
                    == 0
                ? 0
                : Downcalls.errno(state));
  }

  @Override
  public boolean trimNativeHeap() {
    if (MallocTrim.HANDLE.isEmpty()) {
      return false;
    }
    try {
      return (int) MallocTrim.HANDLE.get().invokeExact(0L) == 1;
    } catch (Throwable t) {
      throw Downcalls.rethrow(t);
    }
  }
}
