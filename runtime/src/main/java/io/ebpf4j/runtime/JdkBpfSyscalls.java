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
  private static final long SYS_CLOSE = ARM64 ? 57 : 3;

  private JdkBpfSyscalls() {}

  /** Links {@code syscall} when first called. */
  private static final class Syscall {
    static final MethodHandle HANDLE =
        Downcalls.link(
            Downcalls.LINKER.defaultLookup(),
            "libc",
            "syscall",
            FunctionDescriptor.of(
                JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
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

  /** One system call: its result, or {@code -errno}. */
  private static long syscall(long number, long a, long b, long c, long d, long e) {
    return Downcalls.call(
        (arena, state) -> {
          long result = (long) Syscall.HANDLE.invokeExact(state, number, a, b, c, d, e);
          return result < 0 ? -(long) Downcalls.errno(state) : result;
        });
  }
}
