package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a start tells: its log line, and the name of its delivery thread. */
@RequiresKernel
class SessionStartKernelTest {
  private static final String NO_KPROBES = "this kernel has no kprobes";

  /** The session's log lines at DEBUG (FINE) and above, formatted, while {@code start} runs. */
  private static List<String> logOf(Runnable start) {
    return logOf(java.util.logging.Level.FINE, start);
  }

  /** The session's log lines at {@code level} and above, formatted, while {@code start} runs. */
  private static List<String> logOf(java.util.logging.Level level, Runnable start) {
    List<String> lines = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(java.util.logging.Level.ALL);
    Logger logger = Logger.getLogger(ProbeSession.class.getName());
    java.util.logging.Level before = logger.getLevel();
    logger.setLevel(level);
    logger.addHandler(handler);
    try {
      start.run();
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(before);
    }
    return lines;
  }

  @Test
  void aSessionOfUprobesSaysNothingOfKprobes() {
    List<String> log = logOf(() -> ProbeRuntime.start(new LibcProbes()).close());
    assertTrue(log.stream().anyMatch(l -> l.contains("attached 2 probe(s)")), log.toString());
    assertFalse(log.stream().anyMatch(l -> l.contains(NO_KPROBES)), log.toString());
  }

  /** A tool that starts a session on every run prints nothing of it by default. */
  @Test
  void aStartLogsNothingAtInfo() {
    List<String> log =
        logOf(java.util.logging.Level.INFO, () -> ProbeRuntime.start(new LibcProbes()).close());
    assertEquals(List.of(), log);
  }

  @Test
  void aSystemCallAtItsTracepointsSaysWhy() {
    List<String> log = logOf(() -> ProbeRuntime.start(new NetProbes()).close());
    assertEquals(
        !Kernel.hasKprobes(), log.stream().anyMatch(l -> l.contains(NO_KPROBES)), log.toString());
  }

  @Test
  void twoSessionsOfOneClassHaveTheirOwnThreadNames() {
    List<String> before = deliveryThreads();
    try (ProbeSession first = ProbeRuntime.start(new LibcProbes());
        ProbeSession second = ProbeRuntime.start(new LibcProbes())) {
      List<String> names = new ArrayList<>(deliveryThreads());
      names.removeAll(before);
      assertEquals(2, names.size(), names.toString());
      assertNotEquals(names.get(0), names.get(1));
    }
  }

  private static List<String> deliveryThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("ebpf4j-LibcProbes"))
        .sorted()
        .collect(Collectors.toList());
  }
}
