package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.api.Kprobe;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * How a session ends while its handlers are still busy: close from two threads at once, from a
 * handler, with a backlog slower than the close timeout. Every event is delivered or counted as
 * lost, every caller's close returns only once everything is released, and nothing a handler
 * calls waits for the closing thread.
 *
 * <p>The bounds below only detect a hang (a deadlock would otherwise stall the build); they are
 * far above what the operations take.
 */
@RequiresKernel
class SessionLifetimeKernelTest {
  private static final Duration HANG = Duration.ofSeconds(30);

  /**
   * Holds its first event until the test lets it go, then calls back into its own session: the
   * interleaving in which a handler's call met a closer that held a lock while it waited for the
   * delivery thread.
   */
  static class ReentrantProbes {
    final CountDownLatch inHandler = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicReference<ProbeSession> session = new AtomicReference<>();
    final AtomicReference<String> sawFromHandler = new AtomicReference<>();

    @Kprobe("getsid")
    void onGetsid(GetsidEvent e) throws InterruptedException {
      if (inHandler.getCount() == 0) {
        return;
      }
      inHandler.countDown();
      release.await();
      ProbeSession s = session.get();
      long lost = s.lostEvents();
      SessionStats stats = s.stats();
      s.close();
      sawFromHandler.set("lost=" + lost + " delivered=" + stats.delivered());
    }
  }

  @Test
  void aHandlerMayReadStatsAndCloseWhileAnotherThreadCloses() throws Exception {
    List<String> before = NativeSupport.bpfDescriptors();
    ReentrantProbes probes = new ReentrantProbes();
    ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(NetProbes.PID));
    probes.session.set(session);
    NativeSupport.getsid();
    assertTrue(probes.inHandler.await(HANG.toSeconds(), TimeUnit.SECONDS), "the handler ran");

    Thread closer = Thread.ofPlatform().name("test-closer").start(session::close);
    awaitWaiting(closer); // inside close(), waiting for the delivery thread
    probes.release.countDown();

    closer.join(HANG);
    if (closer.isAlive()) {
      fail("close() and the handler's own calls deadlocked:\n" + stacks());
    }
    assertEquals("lost=0 delivered=1", probes.sawFromHandler.get());
    assertEquals(before, NativeSupport.bpfDescriptors(), "BPF fds left after close");
  }

  /** Sleeps through each event, as a handler that writes to a slow sink would. */
  static class SlowProbes {
    final CountDownLatch firstEvent = new CountDownLatch(1);
    final AtomicInteger handled = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();

    @Kprobe("getsid")
    void onGetsid(GetsidEvent e) {
      handled.incrementAndGet();
      firstEvent.countDown();
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException ie) {
        interrupted.incrementAndGet();
      }
    }
  }

  @Test
  void closeStopsDeliveringAtItsTimeoutAndCountsTheRestAsLost() throws Exception {
    int produced = 5;
    SlowProbes probes = new SlowProbes();
    ProbeSession session =
        ProbeRuntime.start(
            probes,
            ProbeOptions.defaults()
                .withOnlyProcess(NetProbes.PID)
                .withCloseTimeout(Duration.ofMillis(500)));
    for (int i = 0; i < produced; i++) {
      NativeSupport.getsid();
    }
    assertTrue(probes.firstEvent.await(HANG.toSeconds(), TimeUnit.SECONDS), "the handler ran");
    session.close();

    SessionStats stats = session.stats();
    System.out.printf("[measured] close with a 2 s handler and a 500 ms timeout: %s%n", stats);
    assertTrue(stats.closed());
    assertEquals(produced, stats.delivered() + stats.lost(), "delivered + lost == produced");
    assertEquals(probes.handled.get(), stats.delivered(), "every delivered event ran its handler");
    assertTrue(stats.undeliveredAtClose() > 0, "the backlog past the timeout is counted: " + stats);
    assertEquals(1, probes.interrupted.get(), "the handler in progress was interrupted");
    assertEquals(stats.undeliveredAtClose(), stats.lost(), "no other cause: " + stats);
  }

  /** Closes its own session from the first event, then keeps the delivery thread busy. */
  static class SelfClosingProbes {
    final CountDownLatch closedFromHandler = new CountDownLatch(1);
    final AtomicReference<ProbeSession> session = new AtomicReference<>();

    @Kprobe("getsid")
    void onGetsid(GetsidEvent e) throws InterruptedException {
      if (closedFromHandler.getCount() == 0) {
        return;
      }
      session.get().close(); // returns at once: it cannot wait for its own thread
      closedFromHandler.countDown();
      Thread.sleep(500); // the release is still owed when the other close() comes
    }
  }

  @Test
  void aSecondCloseReturnsOnlyOnceTheFirstHasReleasedEverything() throws Exception {
    List<String> before = NativeSupport.bpfDescriptors();
    SelfClosingProbes probes = new SelfClosingProbes();
    ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(NetProbes.PID));
    probes.session.set(session);
    NativeSupport.getsid();
    assertTrue(probes.closedFromHandler.await(HANG.toSeconds(), TimeUnit.SECONDS));

    session.close();

    assertEquals(before, NativeSupport.bpfDescriptors(), "BPF fds open after close() returned");
    assertTrue(session.stats().closed());
    assertEquals(1, session.stats().delivered());
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + HANG.toNanos();
    while (thread.getState() != Thread.State.WAITING
        && thread.getState() != Thread.State.TIMED_WAITING
        && thread.getState() != Thread.State.BLOCKED) {
      if (System.nanoTime() > deadline) {
        fail(thread.getName() + " never waited: " + thread.getState());
      }
      Thread.sleep(10);
    }
  }

  private static String stacks() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, frames) -> {
              if (t.getName().startsWith("ebpf4j") || t.getName().startsWith("test-")) {
                out.append(t.getName()).append(' ').append(t.getState()).append('\n');
                Arrays.stream(frames).limit(12).forEach(f -> out.append("    at ").append(f).append('\n'));
              }
            });
    return out.toString();
  }
}
