package io.ebpf4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Records through encoder, generated dispatcher and decoder to the handler, with no kernel. */
class HandlerHarnessTest {
  private static final BindEvent BIND =
      new BindEvent(123_456_789L, 4242, 4243, 1000, 1001, "python3", 3, 0x7ffd_1234_5678L, 16);

  @Test
  void aRecordArrivesDecodedAsItWasBuilt() throws Exception {
    Recorder recorder = new Recorder();
    OpenatCallEvent open =
        new OpenatCallEvent(5L, 7, 8, 0, 0, "cat", -100, "/etc/hostname", 0x80000, (short) 0, 3L, 9_000L);
    HandlerHarness.of(recorder).deliver(BIND).deliver(open);
    assertEquals(List.of(BIND, open), recorder.seen);
  }

  @Test
  void stringsAreCutAsTheKernelCutsThem() throws Exception {
    Recorder recorder = new Recorder();
    HandlerHarness.of(recorder)
        .deliver(new BindEvent(0, 1, 1, 0, 0, "a-thread-name-of-twenty", 3, 0, 16));
    assertEquals("a-thread-name-o", ((BindEvent) recorder.seen.get(0)).comm(), "15 bytes and NUL");
  }

  @Test
  void whatTheHandlerThrowsReachesTheTest() throws Exception {
    HandlerHarness<Recorder> harness = HandlerHarness.of(new Recorder());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> harness.deliver(new BindEvent(0, 1, 1, 0, 0, "x", -1, 0, 16)));
    assertEquals("fd -1", e.getMessage());
  }

  @Test
  void aRecordTwoMethodsTakeNeedsTheMethodsName() throws Exception {
    Recorder recorder = new Recorder();
    HandlerHarness<Recorder> harness = HandlerHarness.of(recorder);
    SchedProcessExecEvent exec = new SchedProcessExecEvent(1, 2, 2, 0, 0, "sh", "/bin/ls", 2, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> harness.deliver(exec));
    assertTrue(e.getMessage().contains("name one with deliver(method, record)"), e.getMessage());
    harness.deliver("onExecAgain", exec);
    assertEquals(List.of("again /bin/ls"), recorder.seen);
  }

  @Test
  void mistakesSayWhatTheHandlerTakes() {
    HandlerHarness<Recorder> harness = HandlerHarness.of(new Recorder());
    IllegalArgumentException notTaken =
        assertThrows(IllegalArgumentException.class, () -> harness.deliver("a string"));
    assertTrue(
        notTaken.getMessage().startsWith("no handler method of io.ebpf4j.test.Recorder takes a String")
            && notTaken.getMessage().contains("io.ebpf4j.test.Recorder.onBind(BindEvent)"),
        notTaken.getMessage());
    IllegalArgumentException wrongType =
        assertThrows(IllegalArgumentException.class, () -> harness.deliver("onOpen", BIND));
    assertTrue(wrongType.getMessage().endsWith("takes a OpenatCallEvent, not a BindEvent"),
        wrongType.getMessage());
    IllegalArgumentException noMethod =
        assertThrows(IllegalArgumentException.class, () -> harness.deliver("onBnid", BIND));
    assertTrue(noMethod.getMessage().contains("has no streaming probe method onBnid"),
        noMethod.getMessage());
    IllegalArgumentException noProgram =
        assertThrows(IllegalArgumentException.class, () -> HandlerHarness.of(new Object()));
    assertTrue(noProgram.getMessage().contains("annotationProcessorPaths"), noProgram.getMessage());
  }

  @Test
  void aSubclassOfAHandlerUsesItsProgram() throws Exception {
    Recorder spy = new Recorder() {};
    HandlerHarness.of(spy).deliver(BIND);
    assertEquals(List.of(BIND), spy.seen);
  }
}
