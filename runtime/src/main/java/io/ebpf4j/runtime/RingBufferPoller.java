package io.ebpf4j.runtime;

import io.ebpf4j.api.generated.EventDispatcher;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

  private final EventDispatcher dispatcher;
  private final HandlerFailures failures;
  private final MappedRingBuffer ring;
  private final MappedRingBuffer.RecordSink sink = this::deliver;
  private final Thread thread;
  private volatile boolean stopping;
  /**
   * Written only by the polling thread, with a release store: as cheap as a plain store on x86,
   * and a reader that saw a handler's effect also sees it counted.
   */
  private long delivered;

  private static final VarHandle DELIVERED;

  static {
    try {
      DELIVERED =
          MethodHandles.lookup().findVarHandle(RingBufferPoller.class, "delivered", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * @param dataSize the ring buffer's data size in bytes: its pages times the page size
   */
  RingBufferPoller(
      int mapFd, long dataSize, EventDispatcher dispatcher, HandlerFailures failures, String name) {
    this.dispatcher = dispatcher;
    this.failures = failures;
    this.ring = new MappedRingBuffer(mapFd, dataSize, Libc.pageSize());
    this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::pollUntilStopped);
  }

  void start() {
    thread.start();
  }

  /** Events handed to a handler, including those whose handler threw. */
  long delivered() {
    return (long) DELIVERED.getAcquire(this);
  }

  boolean isPollingThread() {
    return Thread.currentThread() == thread;
  }

  /** Asks the thread to stop after its current batch; it drains what is left, then frees. */
  void requestStop() {
    stopping = true;
    LockSupport.unpark(thread);
  }

  /** Stops the thread, waits for it to drain and unmap the ring buffer. */
  void stopAndAwait() {
    requestStop();
    if (!thread.isAlive() && thread.getState() == Thread.State.NEW) {
      free(); // never started
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void pollUntilStopped() {
    try {
      while (!stopping) {
        if (ring.drain(sink) > 0) {
          // Let records gather: the kernel does not wake us for them, so the traced threads
          // pay no wakeup, and the next drain is a batch.
          LockSupport.parkNanos(BATCH_NANOS);
        } else if (!ring.awaitData(POLL_TIMEOUT_MILLIS)) {
          LOG.log(
              System.Logger.Level.ERROR,
              "Waiting on the events ring buffer failed; no more events will be delivered.");
          break;
        }
      }
      // The probes are detached before the stop; what they wrote before that is still owed.
      ring.drain(sink);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.ERROR, "The events polling thread failed", t);
    } finally {
      free();
    }
  }

  private boolean freed;

  private synchronized void free() {
    if (freed) {
      return;
    }
    freed = true;
    ring.close();
  }

  /** Hands one record to the dispatcher. Never throws: a handler's failure is counted. */
  private void deliver(MemorySegment record) {
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
