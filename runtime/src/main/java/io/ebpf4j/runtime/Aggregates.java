package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.AggregateSpec;
import io.ebpf4j.api.internal.ProbeProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code @Aggregate} methods of one session: reads their maps on demand, calls each method
 * with its aggregate every {@code intervalMillis} on a daemon thread of its own ({@code
 * ebpf4j-aggregates-<HandlerClass>}), and once more at close with the last reading.
 *
 * <p>Reads take the session's lock, as every native call on the module does; the methods are
 * called without it, so a method may call its session. What a method throws is counted with the
 * handlers' failures, and delivery goes on.
 *
 * @param <H> the handler class
 */
final class Aggregates<H> {

  private final ProbeProgram<H> program;
  private final H handler;
  private final HandlerFailures failures;
  private final Object lock;
  private final Map<String, AggregateReader> readers = new LinkedHashMap<>();
  private Thread ticker;
  /** Guarded by {@link #lock}: once set, no read touches the module. */
  private boolean stopped;
  /** Guarded by {@link #lock}: the readings at close, by method. */
  private Map<String, Object> last;

  Aggregates(
      ProbeProgram<H> program, H handler, BpfModule module, HandlerFailures failures,
      Object lock) {
    this.program = program;
    this.handler = handler;
    this.failures = failures;
    this.lock = lock;
    int cpus = KernelCounters.possibleCpus();
    for (AggregateSpec spec : program.aggregates()) {
      readers.put(spec.method(), new AggregateReader(spec, program, module, cpus));
    }
  }

  /** Starts the thread of the interval deliveries, if any method has an interval. */
  void start(String threadName) {
    if (readers.values().stream().noneMatch(r -> r.spec().intervalMillis() > 0)) {
      return;
    }
    ticker = Thread.ofPlatform().daemon().name(threadName).start(this::tick);
  }

  private void tick() {
    List<AggregateReader> timed =
        readers.values().stream().filter(r -> r.spec().intervalMillis() > 0).toList();
    long start = System.nanoTime();
    long[] due = new long[timed.size()];
    for (int i = 0; i < due.length; i++) {
      due[i] = start + TimeUnit.MILLISECONDS.toNanos(timed.get(i).spec().intervalMillis());
    }
    try {
      while (true) {
        long next = Long.MAX_VALUE;
        for (long d : due) {
          next = Math.min(next, d);
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        long now = System.nanoTime();
        for (int i = 0; i < due.length; i++) {
          if (due[i] - now <= 0) {
            due[i] += TimeUnit.MILLISECONDS.toNanos(timed.get(i).spec().intervalMillis());
            Optional<Object> value = readUnlessStopped(timed.get(i));
            if (value.isEmpty()) {
              return;
            }
            deliver(timed.get(i).spec(), value.get());
          }
        }
      }
    } catch (InterruptedException e) {
      // Stopped: close delivers the last reading.
    }
  }

  private Optional<Object> readUnlessStopped(AggregateReader reader) {
    synchronized (lock) {
      if (stopped) {
        return Optional.empty();
      }
      return Optional.of(reader.read());
    }
  }

  /**
   * The aggregate of {@code method} now, or the reading at close once the session is closed.
   *
   * @throws IllegalArgumentException if {@code method} has no {@code @Aggregate}
   */
  Object read(String method) {
    AggregateReader reader = readers.get(method);
    if (reader == null) {
      throw new IllegalArgumentException(
          program.handlerType().getName() + " has no @Aggregate method " + method
              + (readers.isEmpty() ? "" : "; it has " + String.join(", ", readers.keySet())));
    }
    synchronized (lock) {
      if (stopped) {
        return last.get(method);
      }
      return reader.read();
    }
  }

  /** Stops the interval thread and waits for it; call without holding the lock. */
  void stopTicker() {
    if (ticker != null) {
      ticker.interrupt();
      Uninterruptibly.join(ticker);
    }
  }

  /** Reads every aggregate a last time, while the module is open; call with the lock held. */
  void readLast() {
    Map<String, Object> readings = new LinkedHashMap<>();
    for (Map.Entry<String, AggregateReader> e : readers.entrySet()) {
      readings.put(e.getKey(), e.getValue().read());
    }
    last = readings;
    stopped = true;
  }

  /** Marks the aggregates stopped without a last reading: reading them failed. */
  void abandon() {
    if (last == null) {
      last = Map.of();
    }
    stopped = true;
  }

  /** Calls each method with its last reading; call without holding the lock. */
  void deliverLast() {
    Map<String, Object> readings;
    synchronized (lock) {
      readings = last == null ? Map.of() : last;
    }
    for (Map.Entry<String, Object> e : readings.entrySet()) {
      deliver(readers.get(e.getKey()).spec(), e.getValue());
    }
  }

  private void deliver(AggregateSpec spec, Object value) {
    try {
      program.deliverAggregate(handler, spec.probeId(), value);
    } catch (Throwable t) {
      failures.record(t);
    }
  }

  /** The methods, for messages. */
  List<String> methods() {
    return new ArrayList<>(readers.keySet());
  }
}
