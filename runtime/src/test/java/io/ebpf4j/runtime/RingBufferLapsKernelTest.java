package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Kprobe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Records that run past the end of the ring buffer's data area, through the kernel: the buffer
 * is mapped once, so each such record is put together from its two pieces. A getsid event is 48
 * bytes plus the kernel's 8-byte header, which does not divide a page, so in a one-page buffer
 * about one record a lap is split across the end.
 */
@RequiresKernel
class RingBufferLapsKernelTest {
  private static final int CALLS = 4_000;

  /** The argument of each of this process's getsid calls, in delivery order. */
  static class GetsidArguments {
    final List<GetsidEvent> events = new ArrayList<>();

    @Kprobe("getsid")
    void onGetsid(GetsidEvent e) {
      events.add(e);
    }
  }

  @Test
  void everyRecordOfManyLapsArrivesWhole() {
    GetsidArguments probes = new GetsidArguments();
    ProbeOptions options =
        ProbeOptions.defaults().withRingBufferPages(1).withOnlyProcess(NetProbes.PID);
    int tid = NativeSupport.gettid();
    ProbeSession session = ProbeRuntime.start(probes, options);
    try (session) {
      for (int i = 1; i <= CALLS; i++) {
        NativeSupport.getsid(i);
        if (i % 16 == 0) { // a breath for the delivery thread: a one-page buffer holds 73
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
      }
    }
    long laps = probes.events.size() * 56L / Libc.get().pageSize();
    System.out.printf(
        "[measured] ring laps: delivered=%d lost=%d laps=%d%n",
        session.deliveredEvents(), session.lostEvents(), laps);

    assertEquals(CALLS, session.deliveredEvents() + session.lostEvents(), "delivered + lost");
    assertTrue(laps >= 10, "the buffer went round at least ten times: " + laps);
    int last = 0;
    for (GetsidEvent e : probes.events) {
      assertTrue(e.pidArg() > last && e.pidArg() <= CALLS, "in order and whole: " + e);
      assertEquals(NetProbes.PID, e.pid(), e.toString());
      assertEquals(tid, e.tid(), e.toString());
      last = e.pidArg();
    }
  }
}
