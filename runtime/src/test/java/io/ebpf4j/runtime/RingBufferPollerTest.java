package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The delivery thread's stop and failure protocol, over a ring in plain memory. */
class RingBufferPollerTest {
  private final FakeRing ring = new FakeRing(FakeRing.PAGE);
  private final HandlerFailures failures = new HandlerFailures("Test");

  @Test
  void aDeadDeliveryThreadIsReportedAndItsBacklogCountedAtStop() throws Exception {
    CountDownLatch waited = new CountDownLatch(1);
    RingBufferPoller poller =
        new RingBufferPoller(
            ring.reader(
                timeout -> {
                  waited.countDown();
                  return false; // poll(2) failed
                }),
            event -> {},
            failures,
            "test-dead");
    poller.start();
    assertTrue(waited.await(30, TimeUnit.SECONDS));
    awaitFailure(poller);
    for (int i = 0; i < 3; i++) {
      ring.write(new byte[8], 0);
    }

    poller.stopAndAwait(Duration.ofSeconds(30));

    assertTrue(poller.failure().orElseThrow().getMessage().contains("ring buffer"));
    assertEquals(0, poller.delivered());
    assertEquals(3, poller.undeliveredAtStop(), "what it left is counted");
  }

  @Test
  void theDeadlineStopsDeliveryInterruptsTheHandlerAndCountsTheRest() {
    AtomicInteger handled = new AtomicInteger();
    AtomicInteger interrupted = new AtomicInteger();
    CountDownLatch inHandler = new CountDownLatch(1);
    RingBufferPoller poller =
        new RingBufferPoller(
            ring.reader(timeout -> true),
            event -> {
              handled.incrementAndGet();
              inHandler.countDown();
              try {
                Thread.sleep(Duration.ofMinutes(1));
              } catch (InterruptedException e) {
                interrupted.incrementAndGet();
              }
            },
            failures,
            "test-slow");
    for (int i = 0; i < 4; i++) {
      ring.write(new byte[8], 0);
    }
    poller.start();
    awaitQuietly(inHandler);

    poller.stopAndAwait(Duration.ofMillis(100));

    assertEquals(1, handled.get());
    assertEquals(1, interrupted.get(), "the handler in progress was interrupted");
    assertEquals(1, poller.delivered());
    assertEquals(3, poller.undeliveredAtStop());
    assertTrue(poller.failure().isEmpty());
  }

  @Test
  void aRecordNeverSubmittedIsCountedAndTheRecordsAfterItDelivered() {
    AtomicInteger handled = new AtomicInteger();
    RingBufferPoller poller =
        new RingBufferPoller(
            ring.reader(timeout -> true), event -> handled.incrementAndGet(), failures, "test-busy");
    ring.write(new byte[8], FakeRing.BUSY); // a program reserved it, then its probe was detached
    ring.write(new byte[8], 0);
    poller.start();

    poller.stopAndAwait(Duration.ofSeconds(30));

    assertEquals(1, poller.unsubmittedAtStop());
    assertEquals(1, handled.get());
    assertEquals(1, poller.delivered());
    assertEquals(0, poller.undeliveredAtStop());
  }

  private static void awaitFailure(RingBufferPoller poller) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (poller.failure().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
