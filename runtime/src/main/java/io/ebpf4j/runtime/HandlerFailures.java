package io.ebpf4j.runtime;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * Counts exceptions thrown by handlers and logs them without flooding: the first with its stack
 * trace, then at most one summary line every ten seconds. Used by the polling thread and the
 * thread that calls {@code @Aggregate} methods.
 */
final class HandlerFailures {
  private static final System.Logger LOG = System.getLogger(HandlerFailures.class.getName());
  private static final long SUMMARY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String handlerType;
  private volatile long count;
  private long loggedCount;
  private long lastLogNanos;

  HandlerFailures(String handlerType) {
    this.handlerType = handlerType;
  }

  synchronized void record(Throwable failure) {
    long n = count + 1;
    count = n;
    long now = System.nanoTime();
    if (n == 1) {
      LOG.log(
          Level.WARNING,
          "A handler of " + handlerType + " threw; ebpf4j counts it and goes on delivering.",
          failure);
      loggedCount = 1;
      lastLogNanos = now;
    } else if (now - lastLogNanos >= SUMMARY_INTERVAL_NANOS) {
      LOG.log(
          Level.WARNING,
          "Handlers of {0} threw {1} more times (latest: {2}); {3} in all.",
          handlerType,
          n - loggedCount,
          failure,
          n);
      loggedCount = n;
      lastLogNanos = now;
    }
  }

  long count() {
    return count;
  }
}
