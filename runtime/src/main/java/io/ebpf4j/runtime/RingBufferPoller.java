package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.EventDispatcher;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Delivers the records of a {@code BPF_RINGBUF_OUTPUT} map to a dispatcher on its own daemon
 * thread, reading them in batches straight from the buffer's memory ({@link MappedRingBuffer}).
 *
 * <p><b>Wakeups.</b> The generated programs submit with flags 0, so the kernel wakes this thread
 * only for a record written while the reader has caught up (the adaptive wakeup of {@code
 * bpf_ringbuf_submit}). Each wakeup costs the traced thread an {@code irq_work} and a scheduler
 * wakeup, several microseconds. So after a drain that found records the thread sleeps for {@link
 * #BATCH_NANOS} before the next drain instead of waiting for the next wakeup: under load the kernel
 * wakes it at most once per batch, not once per event, and an idle session still sees its first
 * event at once.
 *
 * <p><b>Stopping.</b> {@link #stopAndAwait} lets the thread deliver what the buffer still holds,
 * up to a deadline. When the deadline passes (or the waiting thread is interrupted) the rest is
 * counted, not delivered: the thread is interrupted so that a handler blocked in an interruptible
 * wait returns, and it then steps through the remaining records without calling handlers. A
 * handler call in progress is never cut short, so a handler that ignores interrupts holds the
 * stop up until it returns. Records a program reserved but had not submitted when the probes
 * were detached are waited for briefly, then counted ({@link #unsubmittedAtStop()}).
 */
final class RingBufferPoller {
  private static final System.Logger LOG = System.getLogger(RingBufferPoller.class.getName());
  /** How long an idle thread waits for a wakeup before it looks whether it must stop. */
  private static final int POLL_TIMEOUT_MILLIS = 100;
  /**
   * The pause after a drain that found records. It bounds the wakeups under load to 1000 a second
   * and adds at most this much latency; the ring buffer must hold this long's worth of events
   * (about 56 KiB at a million small events a second).
   */
  static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How long the last drain waits for a record reserved before the probes were detached. */
  private static final long UNSUBMITTED_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final EventDispatcher dispatcher;
  private final HandlerFailures failures;
  private final MappedRingBuffer ring;
  private final MappedRingBuffer.RecordSink sink = this::deliver;
  private final Thread thread;
  private volatile boolean stopping;
  /**
   * Set when the deadline passed or the thread died: the records left are counted, not
   * delivered. The one flag the per-record path reads.
   */
  private volatile boolean abandoned;
  /** Why the thread died, if it did; published before it exits. */
  private volatile Throwable failure;
  /**
   * Written only by the polling thread, with a release store: as cheap as a plain store on x86,
   * and a reader that saw a handler's effect also sees it counted.
   */
  private long delivered;
  /** Written by the thread that drains; read after {@link #stopAndAwait} returns. */
  private long undelivered;

  private long unsubmitted;
  private boolean freed;

  private static final VarHandle DELIVERED;

  static {
    try {
      DELIVERED =
          MethodHandles.lookup().findVarHandle(RingBufferPoller.class, "delivered", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Delivers the records of {@code ring}, which it owns from now on and closes when done. */
  RingBufferPoller(
      MappedRingBuffer ring, EventDispatcher dispatcher, HandlerFailures failures, String name) {
    this.dispatcher = dispatcher;
    this.failures = failures;
    this.ring = ring;
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::pollUntilStopped);
  }

  void start() {
    thread.start();
  }

  /** Events handed to a handler, including those whose handler threw. */
  long delivered() {
    return (long) DELIVERED.getAcquire(this);
  }

  /** Events left in the buffer when the stop's deadline passed, or the thread died. */
  long undeliveredAtStop() {
    return undelivered;
  }

  /** Records reserved and never submitted when the buffer was drained for the last time. */
  long unsubmittedAtStop() {
    return unsubmitted;
  }

  /** Why the delivery thread died, if it did. */
  Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  String threadName() {
    return thread.getName();
  }

  boolean isPollingThread() {
    return Thread.currentThread() == thread;
  }

  /** Asks the thread to stop after its current batch; it drains what is left, then frees. */
  void requestStop() {
    stopping = true;
    LockSupport.unpark(thread);
  }

  /**
   * Stops the thread: lets it deliver what is left until {@code deadline} passes or the caller is
   * interrupted, then has it count the rest, and waits until it is done and the buffer unmapped.
   * Keeps the caller's interrupt status.
   */
  void stopAndAwait(Duration deadline) {
    requestStop();
    if (thread.getState() == Thread.State.NEW) {
      free(); // never started
      return;
    }
    boolean interrupted = false;
    try {
      if (!thread.join(deadline)) {
        abandon();
      }
    } catch (InterruptedException e) {
      interrupted = true;
      abandon();
    }
    Uninterruptibly.join(thread); // a handler call in progress is never cut short
    if (failure != null) {
      // The thread died with records still owed; nobody else reads the buffer now.
      abandoned = true; // count them, do not deliver them
      try {
        finalDrain();
      } catch (RuntimeException | Error e) {
        failure.addSuppressed(e);
      } finally {
        free();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void abandon() {
    abandoned = true;
    thread.interrupt();
  }

  private void pollUntilStopped() {
    try {
      while (!stopping) {
        if (ring.drain(sink) > 0) {
          // Let records gather: the kernel does not wake us for them, so the traced threads
          // pay no wakeup, and the next drain is a batch.
          LockSupport.parkNanos(BATCH_NANOS);
        } else if (!ring.awaitData(POLL_TIMEOUT_MILLIS)) {
          throw new Ebpf4jException("waiting on the events ring buffer failed");
        }
      }
      // The probes are detached before the stop; what they wrote before that is still owed.
      finalDrain();
      free();
    } catch (Throwable t) {
      failure = t;
      try {
        LOG.log(
            System.Logger.Level.ERROR,
            "The events delivery thread died; no more events will be delivered, and those left"
                + " count as lost at close.",
            t);
      } catch (Throwable ignored) {
        // The failure is recorded; the session reports it.
      }
    }
  }

  /** Drains to the end, waiting a little for records a program is still writing. */
  private void finalDrain() {
    long waitUntil = System.nanoTime() + UNSUBMITTED_WAIT_NANOS;
    while (true) {
      ring.drain(sink);
      if (!ring.stoppedAtUnsubmitted()) {
        return;
      }
      if (System.nanoTime() - waitUntil < 0) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
      } else {
        ring.skipUnsubmitted();
        unsubmitted++;
      }
    }
  }

  private synchronized void free() {
    if (freed) {
      return;
    }
    freed = true;
    ring.close();
  }

  /** Hands one record to the dispatcher. Never throws: a handler's failure is counted. */
  private void deliver(MemorySegment record) {
    if (abandoned) {
      undelivered++;
      return;
    }
    // Counted before the handler runs, so whoever sees the handler's effect sees it counted.
    DELIVERED.setRelease(this, delivered + 1);
    try {
      dispatcher.dispatch(record);
    } catch (Throwable t) {
      try {
        failures.record(t);
      } catch (Throwable ignored) {
        // Logging failed (out of memory, a broken handler's toString); the count still stands.
      }
    }
  }
}
