package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Kprobe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Backpressure: a handler far slower than its events, with a one-page ring buffer. The kernel
 * must drop what does not fit and count it, so that every event is either delivered or lost,
 * never silently gone.
 */
@RequiresKernel
class OverloadKernelTest {
  /** getsid(2) calls made; each is one event. */
  private static final int PRODUCED = 20_000;

  /** About 50 µs per event: twenty thousand events back to back overflow 4 KiB at once. */
  static class SlowGetsidProbes {
    long handled;

    @Kprobe("getsid")
    void onGetsid(GetsidEvent e) {
      if (e.pid() == NetProbes.PID) {
        handled++;
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
    }
  }

  @Test
  void everyEventIsDeliveredOrCountedLost() {
    SlowGetsidProbes probes = new SlowGetsidProbes();
    // One page is the smallest ring buffer the kernel accepts: a power of two number of pages.
    ProbeOptions options =
        ProbeOptions.defaults().withRingBufferPages(1).withOnlyProcess(NetProbes.PID);
    ProbeSession session = ProbeRuntime.start(probes, options);
    try (session) {
      for (int i = 0; i < PRODUCED; i++) {
        NativeSupport.getsid();
      }
    } // detaches, then delivers what is left in the buffer
    long delivered = session.deliveredEvents();
    long lost = session.lostEvents();
    System.out.printf(
        "[measured] overload: produced=%d delivered=%d lost=%d%n", PRODUCED, delivered, lost);

    assertEquals(PRODUCED, delivered + lost, "delivered + lost == produced");
    assertTrue(lost > 0, "a one-page buffer behind a 50 µs handler must overflow");
    assertTrue(delivered > 0, "the handler still gets events");
    assertEquals(delivered, probes.handled, "every delivered event reached the handler");
    assertEquals(0, session.handlerErrors());
  }

  /** Counts this process's getsid events; as cheap as a handler gets. */
  static class CountingGetsidProbes {
    final LongAdder handled = new LongAdder();

    @Kprobe("getsid")
    void onGetsid(GetsidEvent e) {
      handled.increment();
    }
  }

  /**
   * One producer per CPU: the delivery thread competes with them for every core, and the kernel
   * reserves from several CPUs at once.
   */
  @Test
  void everyEventIsDeliveredOrCountedLostWithAProducerOnEveryCpu() throws Exception {
    int producers = Runtime.getRuntime().availableProcessors();
    int perProducer = 200_000;
    CountingGetsidProbes probes = new CountingGetsidProbes();
    ProbeOptions options =
        ProbeOptions.defaults().withRingBufferPages(16).withOnlyProcess(NetProbes.PID);
    ProbeSession session = ProbeRuntime.start(probes, options);
    try (session) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        threads.add(
            Thread.ofPlatform()
                .name("producer-" + p)
                .start(
                    () -> {
                      try {
                        go.await();
                      } catch (InterruptedException e) {
                        throw new AssertionError(e);
                      }
                      for (int i = 0; i < perProducer; i++) {
                        NativeSupport.getsid();
                      }
                    }));
      }
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
    }
    long produced = (long) producers * perProducer;
    SessionStats stats = session.stats();
    System.out.printf(
        "[measured] overload, %d producers: produced=%d %s%n", producers, produced, stats);
    assertEquals(produced, stats.delivered() + stats.lost(), "delivered + lost == produced");
    assertEquals(stats.delivered(), probes.handled.sum(), "every delivered event reached the handler");
  }
}
