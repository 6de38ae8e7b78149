package io.ebpf4j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The CPU time, user plus system, of this whole process: every thread, the JIT compiler's and the
 * collector's included. It reads {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}, the clock
 * Python's {@code time.process_time()} reads in {@code bench/bcc_baseline.py}, so that both
 * consumers are measured the same way and to the nanosecond; {@code
 * OperatingSystemMXBean.getProcessCpuTime()} may count in clock ticks of 10 ms.
 */
final class ProcessCpuClock {
  /** include/uapi/linux/time.h */
  private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

  private static final StructLayout TIMESPEC =
      MemoryLayout.structLayout(
          ValueLayout.JAVA_LONG.withName("tv_sec"), ValueLayout.JAVA_LONG.withName("tv_nsec"));

  private static final MethodHandle CLOCK_GETTIME =
      Linker.nativeLinker()
          .downcallHandle(
              Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));

  private ProcessCpuClock() {}

  /** Nanoseconds of CPU this process has used so far. */
  static long nanos() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ts = arena.allocate(TIMESPEC);
      int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, ts);
      if (rc != 0) {
        throw new IllegalStateException("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
      }
      return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("clock_gettime cannot throw a checked exception", t);
    }
  }
}
