package io.ebpf4j.runtime;

import io.ebpf4j.api.generated.EventDispatcher;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Reads a {@code BPF_RINGBUF_OUTPUT} map on its own daemon thread and hands each event to a
 * dispatcher. bcc calls {@link #onSample} back for every record; that upcall catches everything,
 * because an exception escaping it would kill the JVM.
 */
final class RingBufferPoller {
  private static final System.Logger LOG = System.getLogger(RingBufferPoller.class.getName());
  private static final int POLL_TIMEOUT_MILLIS = 100;

  private final Libbcc bcc;
  private final EventDispatcher dispatcher;
  private final HandlerFailures failures;
  /** Owns the upcall stub; closed only after the ring buffer that calls it is freed. */
  private final Arena upcallArena = Arena.ofShared();
  private final MemorySegment ringBuffer;
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

  RingBufferPoller(
      Libbcc bcc, int mapFd, EventDispatcher dispatcher, HandlerFailures failures, String name) {
    this.bcc = bcc;
    this.dispatcher = dispatcher;
    this.failures = failures;
    MethodHandle sample;
    try {
      sample =
          MethodHandles.lookup()
              .findVirtual(
                  RingBufferPoller.class,
                  "onSample",
                  MethodType.methodType(int.class, MemorySegment.class, MemorySegment.class, long.class))
              .bindTo(this);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    MemorySegment stub =
        Libc.LINKER.upcallStub(sample, Libbcc.RING_BUFFER_SAMPLE_FN, upcallArena);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      MemorySegment rb =
          (MemorySegment) bcc.newRingbuf.invokeExact(state, mapFd, stub, MemorySegment.NULL);
      if (rb.equals(MemorySegment.NULL)) {
        upcallArena.close();
        throw new NativeCallException(
            "bpf_new_ringbuf", Libc.errno(state), "cannot open the events ring buffer");
      }
      this.ringBuffer = rb;
    } catch (Ebpf4jException e) {
      throw e;
    } catch (Throwable t) {
      upcallArena.close();
      throw BpfModule.rethrow(t);
    }
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

  /** Asks the thread to stop after its current poll; it drains what is left, then frees. */
  void requestStop() {
    stopping = true;
  }

  /** Stops the thread, waits for it to drain and free the ring buffer. */
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
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      while (!stopping) {
        int rc = (int) bcc.pollRingbuf.invokeExact(state, ringBuffer, POLL_TIMEOUT_MILLIS);
        if (rc < 0 && -rc != Libc.EINTR && Libc.errno(state) != Libc.EINTR) {
          LOG.log(
              System.Logger.Level.ERROR,
              "Polling the events ring buffer failed ({0}); no more events will be delivered.",
              Libc.strerror(-rc));
          break;
        }
      }
      // The probes are detached before the stop; what they wrote before that is still owed.
      int ignored = (int) bcc.consumeRingbuf.invokeExact(state, ringBuffer);
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
    try {
      bcc.freeRingbuf.invokeExact(ringBuffer);
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.ERROR, "bpf_free_ringbuf failed", t);
    }
    upcallArena.close();
  }

  /** The upcall from bcc for each record. Must not throw. */
  @SuppressWarnings("unused") // called from native code
  private int onSample(MemorySegment context, MemorySegment data, long size) {
    // Counted before the handler runs, so whoever sees the handler's effect sees it counted.
    DELIVERED.setRelease(this, delivered + 1);
    try {
      dispatcher.dispatch(data.reinterpret(size));
    } catch (Throwable t) {
      try {
        failures.record(t);
      } catch (Throwable ignored) {
        // Logging failed (out of memory, a broken handler's toString); the count still stands.
      }
    }
    return 0;
  }
}
