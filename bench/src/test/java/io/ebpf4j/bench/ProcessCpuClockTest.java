package io.ebpf4j.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The consumer's CPU time is the benchmark's main figure: it must resolve far below the 10 ms
 * clock tick that {@code OperatingSystemMXBean.getProcessCpuTime()} counts in on Linux, and it
 * must count every thread of the process, not only the caller's.
 */
class ProcessCpuClockTest {

  @Test
  void advancesInStepsFinerThanAClockTick() {
    // The smallest of many steps seen while spinning: other threads (the JIT's, the collector's)
    // may add to any one step, but a clock-tick clock (USER_HZ = 100) never steps below 10 ms.
    long smallest = Long.MAX_VALUE;
    long previous = ProcessCpuClock.nanos();
    for (int steps = 0; steps < 1000; ) {
      long now = ProcessCpuClock.nanos();
      if (now != previous) {
        smallest = Math.min(smallest, now - previous);
        previous = now;
        steps++;
      }
    }
    assertTrue(smallest < 1_000_000, "smallest step of the process CPU clock: " + smallest + " ns");
  }

  @Test
  void countsTheCpuOfOtherThreads() throws InterruptedException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AtomicLong workerCpu = new AtomicLong();
    long before = ProcessCpuClock.nanos();
    Thread worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  // Spin until this thread alone has used 50 ms of CPU.
                  long own = threads.getCurrentThreadCpuTime();
                  while (threads.getCurrentThreadCpuTime() - own < 50_000_000L) {
                    Thread.onSpinWait();
                  }
                  workerCpu.set(threads.getCurrentThreadCpuTime() - own);
                });
    worker.join();
    long process = ProcessCpuClock.nanos() - before;
    assertTrue(
        process >= workerCpu.get(),
        "the process clock advanced " + process + " ns, the worker alone used " + workerCpu.get());
  }
}
