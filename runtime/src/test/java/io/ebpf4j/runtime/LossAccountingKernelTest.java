package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Kretprobe;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Losses the ring buffer's own counter does not see, counted by cause in {@link SessionStats}.
 */
@RequiresKernel
class LossAccountingKernelTest {

  /**
   * wait4(2) as a whole call. The JDK reaps a child {@link Process} in a thread blocked in
   * {@code waitpid}, that is wait4, until the child exits: a call in flight that a test controls.
   */
  static class WaitProbes {
    final AtomicLong handled = new AtomicLong();

    @Kretprobe(value = "wait4", withEntry = true)
    void onWait(Wait4CallEvent e) {
      handled.incrementAndGet();
    }
  }

  @Test
  void aCallStillInFlightAtCloseCountsAsLost() throws Exception {
    WaitProbes probes = new WaitProbes();
    Process child;
    ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(NetProbes.PID));
    try (session) {
      child = new ProcessBuilder("sleep", "600").start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (session.stats().callsInFlight() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(1, session.stats().callsInFlight(), "the reaper's wait4 is in flight");
      assertEquals(0, session.lostEvents(), "a call in flight is not lost while the session runs");
    }
    child.destroy();
    child.waitFor();

    SessionStats stats = session.stats();
    System.out.printf("[measured] wait4 in flight at close: %s%n", stats);
    assertEquals(1, stats.callsInFlight());
    assertEquals(1, stats.lost(), "its return can no longer be seen: " + stats);
    assertEquals(probes.handled.get(), stats.delivered());
  }
}
