package io.ebpf4j.runtime;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names delivery threads after their handler class, uniquely: {@code ebpf4j-NetProbes} for the
 * first session of {@code NetProbes} in this process, then {@code ebpf4j-NetProbes-2}, and so on,
 * so that a thread dump tells two sessions of one class apart.
 */
final class DeliveryThreadNames {
  /** A ClassValue, not a map: it does not keep a handler's class loader alive. */
  private static final ClassValue<AtomicInteger> STARTED =
      new ClassValue<>() {
        @Override
        protected AtomicInteger computeValue(Class<?> type) {
          return new AtomicInteger();
        }
      };

  private DeliveryThreadNames() {}

  /** The name for the next delivery thread of {@code handlerType}. */
  static String next(Class<?> handlerType) {
    int n = STARTED.get(handlerType).incrementAndGet();
    return "ebpf4j-" + handlerType.getSimpleName() + (n == 1 ? "" : "-" + n);
  }
}
