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

  /** exit(2), the call that ends a thread: it never returns. */
  static class ThreadExitProbes {
    final AtomicLong handled = new AtomicLong();

    @Kretprobe(value = "exit", withEntry = true)
    void onExit(ExitCallEvent e) {
      handled.incrementAndGet();
    }
  }

  @Test
  void callsThatNeverReturnAreCountedNotLeftBehind() throws Exception {
    int threads = 5;
    ThreadExitProbes probes = new ThreadExitProbes();
    ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(NetProbes.PID));
    try (session) {
      for (int i = 0; i < threads; i++) {
        Thread t = Thread.ofPlatform().name("exiting-" + i).start(() -> {});
        t.join();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (session.stats().callsInFlight() < threads && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    SessionStats stats = session.stats();
    System.out.printf("[measured] %d threads exited: %s%n", threads, stats);
    assertTrue(stats.callsInFlight() >= threads, "each exit's entry is accounted for: " + stats);
    assertEquals(0, stats.delivered(), "exit never returns");
    assertEquals(stats.callsInFlight(), stats.lost(), "lost at close, and nothing else: " + stats);
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
