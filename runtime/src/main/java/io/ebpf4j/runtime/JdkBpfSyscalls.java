package io.ebpf4j.runtime;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@link BpfSyscalls} through one downcall: libc's variadic {@code long syscall(long number,
 * ...)}, every argument passed as a {@code long}, which is how the kernel reads its registers.
 * Its handle is made on the first call.
 */
final class JdkBpfSyscalls implements BpfSyscalls {
  static final JdkBpfSyscalls INSTANCE = new JdkBpfSyscalls();

  /** {@code asm/unistd_64.h} of x86-64 and {@code asm-generic/unistd.h} of arm64. */
  private static final boolean ARM64 = System.getProperty("os.arch").equals("aarch64");

  private static final long SYS_BPF = ARM64 ? 280 : 321;
  private static final long SYS_PERF_EVENT_OPEN = ARM64 ? 241 : 298;
  private static final long SYS_IOCTL = ARM64 ? 29 : 16;
  static final long SYS_CLOSE = ARM64 ? 57 : 3;
  static final long SYS_READ = ARM64 ? 63 : 0;
  static final long SYS_WRITE = ARM64 ? 64 : 1;
  static final long SYS_MMAP = ARM64 ? 222 : 9;
  static final long SYS_MUNMAP = ARM64 ? 215 : 11;
  static final long SYS_MADVISE = ARM64 ? 233 : 28;
  static final long SYS_DUP = ARM64 ? 23 : 32;
  static final long SYS_DUP3 = ARM64 ? 24 : 292;
  static final long SYS_PIPE2 = ARM64 ? 59 : 293;
  static final long SYS_PPOLL = ARM64 ? 73 : 271;

  private JdkBpfSyscalls() {}

  /** Links {@code syscall} when first called. */
  private static final class Syscall {
    static final MethodHandle HANDLE =
        Downcalls.link(
            Downcalls.LINKER.defaultLookup(),
            "libc",
            "syscall",
            FunctionDescriptor.of(
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                JAVA_LONG),
            Linker.Option.firstVariadicArg(1),
            Downcalls.CAPTURE_ERRNO);
  }

  @Override
  public long bpf(int command, MemorySegment attr) {
    return syscall(SYS_BPF, command, attr.address(), attr.byteSize(), 0, 0);
  }

  @Override
  public long perfEventOpen(MemorySegment attr, int pid, int cpu, int groupFd, long flags) {
    return syscall(SYS_PERF_EVENT_OPEN, attr.address(), pid, cpu, groupFd, flags);
  }

  @Override
  public long ioctl(int fd, long request, long argument) {
    return syscall(SYS_IOCTL, fd, request, argument, 0, 0);
  }

  @Override
  public long close(int fd) {
    return syscall(SYS_CLOSE, fd, 0, 0, 0, 0);
  }

  /**
   * System call {@code number} with errno captured into {@code state}: what the kernel returned,
   * or -1 with the errno in {@code state}, as libc's wrappers do. {@link JdkLibc} makes its calls
   * on descriptors and memory through this one handle too: each handle the JDK makes costs a
   * first session some milliseconds, and these all share one.
   */
  static long raw(MemorySegment state, long number, long a, long b, long c, long d, long e)
      throws Throwable {
    return raw(state, number, a, b, c, d, e, 0);
  }

  /** As {@link #raw(MemorySegment, long, long, long, long, long, long)}, with six arguments. */
  static long raw(
      MemorySegment state, long number, long a, long b, long c, long d, long e, long f)
      throws Throwable {
    return (long) Syscall.HANDLE.invokeExact(state, number, a, b, c, d, e, f);
  }

  /** One system call: its result, or {@code -errno}. */
  private static long syscall(long number, long a, long b, long c, long d, long e) {
    return Downcalls.call(
        (arena, state) -> {
          long result = raw(state, number, a, b, c, d, e);
          return result < 0 ? -(long) Downcalls.errno(state) : result;
        });
  }
}
