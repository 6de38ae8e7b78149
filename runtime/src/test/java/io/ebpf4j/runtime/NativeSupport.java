package io.ebpf4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers: raw system calls, and the BPF file descriptors this process holds. */
final class NativeSupport {
  private static final Linker LINKER = Linker.nativeLinker();
  private static final MethodHandle GETTID = handle("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
  private static final MethodHandle GETSID =
      handle("getsid", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  private static final MethodHandle GETPPID = handle("getppid", FunctionDescriptor.of(ValueLayout.JAVA_INT));

  private static final MethodHandle SCHED_SETAFFINITY =
      handle(
          "sched_setaffinity",
          FunctionDescriptor.of(
              ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

  private NativeSupport() {}

  /** Pins the calling thread to {@code cpu} alone, or to every CPU in {@code 0..cpus-1} with -1. */
  static void pinTo(int cpu, int cpus) {
    try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
      java.lang.foreign.MemorySegment mask = arena.allocate(128);
      for (int c = 0; c < cpus; c++) {
        if (cpu < 0 || c == cpu) {
          mask.set(ValueLayout.JAVA_BYTE, c / 8, (byte) (mask.get(ValueLayout.JAVA_BYTE, c / 8) | (1 << (c % 8))));
        }
      }
      int rc = (int) SCHED_SETAFFINITY.invokeExact(0, 128L, mask);
      if (rc != 0) {
        throw new AssertionError("sched_setaffinity failed");
      }
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
    return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
  }

  /** The calling thread's kernel thread id. */
  static int gettid() {
    try {
      return (int) GETTID.invokeExact();
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /**
   * Makes exactly one getsid(2) system call: one that nothing else on a machine makes often, so
   * tests that trace it are not drowned by other load.
   */
  static int getsid() {
    try {
      return (int) GETSID.invokeExact(0);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** Makes exactly one getsid(2) system call, asking for the session of {@code pid}. */
  static int getsid(int pid) {
    try {
      return (int) GETSID.invokeExact(pid);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** Makes exactly one getppid(2) system call. */
  static int getppid() {
    try {
      return (int) GETPPID.invokeExact();
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /**
   * The targets of this process's file descriptors that are BPF objects or perf events, like
   * {@code anon_inode:bpf-prog} and {@code anon_inode:[perf_event]}.
   */
  static List<String> bpfDescriptors() {
    List<String> found = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.contains("bpf") || target.contains("perf_event")) {
            found.add(fd.getFileName() + " -> " + target);
          }
        } catch (IOException gone) {
          // The fd closed while we listed (the listing's own fd, for one).
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }
}
