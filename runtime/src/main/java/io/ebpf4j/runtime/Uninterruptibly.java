package io.ebpf4j.runtime;

import java.util.concurrent.CountDownLatch;

/**
 * Waits that must not end early: for a thread that still uses native memory, or for a release
 * that is still in progress. An interrupt does not cut them short; it is kept for the caller.
 */
final class Uninterruptibly {
  private Uninterruptibly() {}

  @FunctionalInterface
  private interface Wait {
    void run() throws InterruptedException;
  }

  static void join(Thread thread) {
    waitFor(thread::join);
  }

  static void await(CountDownLatch latch) {
    waitFor(latch::await);
  }

  private static void waitFor(Wait wait) {
    boolean interrupted = false;
    while (true) {
      try {
        wait.run();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
