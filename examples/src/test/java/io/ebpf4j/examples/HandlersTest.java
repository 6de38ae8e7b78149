package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ebpf4j.test.HandlerHarness;
import org.junit.jupiter.api.Test;

/**
 * The examples' handlers, fed records through their generated dispatchers by {@link
 * HandlerHarness}: what each prints, with no kernel, no root and no libbcc.
 */
class HandlersTest {

  @Test
  void bindSnoopPrintsCommandPidAndFd() throws Exception {
    String printed =
        Printed.by(
            () ->
                HandlerHarness.of(new BindSnoop())
                    .deliver(new BindEvent(0, 48213, 48213, 1000, 1000, "python3", 3, 0, 16)));
    assertEquals("python3          48213   3\n", printed);
  }

  @Test
  void helloClonePrintsThePid() throws Exception {
    String printed =
        Printed.by(
            () ->
                HandlerHarness.of(new HelloClone())
                    .deliver(new CloneEvent(0, 812, 812, 0, 0, "bash", 0x1200011, 0, 0, 0, 0)));
    assertEquals("812 Hello, World!\n", printed);
  }

  @Test
  void openSnoopPrintsTheFdTheLatencyInMicrosecondsAndThePath() throws Exception {
    String printed =
        Printed.by(
            () ->
                HandlerHarness.of(new OpenSnoop())
                    .deliver(
                        new OpenatCallEvent(
                            0, 812, 812, 0, 0, "cat", -100, "/etc/hostname", 0x80000, (short) 0,
                            3, 9_400)));
    assertEquals("812     cat              3          9 /etc/hostname\n", printed);
  }

  @Test
  void openSnoopPrintsAFailureAsMinusErrno() throws Exception {
    String printed =
        Printed.by(
            () ->
                HandlerHarness.of(new OpenSnoop())
                    .deliver(
                        new OpenatCallEvent(
                            0, 90, 90, 0, 0, "ls", -100, "/nonexistent", 0, (short) 0, -2, 1_000)));
    assertEquals("90      ls               -2         1 /nonexistent\n", printed);
  }

  @Test
  void execSnoopPrintsPidCommandAndPath() throws Exception {
    String printed =
        Printed.by(
            () ->
                HandlerHarness.of(new ExecSnoop())
                    .deliver(new SchedProcessExecEvent(0, 9120, 9120, 0, 0, "ls", "/usr/bin/ls", 9120, 9120)));
    assertEquals("9120    ls               /usr/bin/ls\n", printed);
  }
}
