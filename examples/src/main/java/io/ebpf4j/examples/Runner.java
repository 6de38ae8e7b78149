package io.ebpf4j.examples;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an example until Ctrl-C, or for {@code --duration <n>[ms|s|m]} when scripted, and closes
 * what it started either way.
 */
final class Runner {
  private Runner() {}

  static void run(String[] args, Callable<AutoCloseable> start) throws Exception {
    Duration duration = parseDuration(args);
    AutoCloseable running = start.call();
    CountDownLatch closed = new CountDownLatch(1);
    Thread onCtrlC =
        new Thread(
            () -> {
              closeQuietly(running);
              closed.countDown();
            },
            "close-on-exit");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    if (duration == null) {
      closed.await();
      return;
    }
    Thread.sleep(duration);
    Runtime.getRuntime().removeShutdownHook(onCtrlC);
    running.close();
  }

  private static void closeQuietly(AutoCloseable running) {
    try {
      running.close();
    } catch (Exception e) {
      System.err.println("closing failed: " + e);
    }
  }

  /** {@code --duration 10s}, {@code --duration=500ms}, {@code --duration 2m}; null if absent. */
  static Duration parseDuration(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String value = null;
      if (args[i].equals("--duration") && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith("--duration=")) {
        value = args[i].substring("--duration=".length());
      }
      if (value != null) {
        return parse(value);
      }
    }
    return null;
  }

  private static Duration parse(String value) {
    try {
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      if (value.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      if (value.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--duration takes a number with ms, s or m, like 10s; got `" + value + "`");
    }
  }
}
