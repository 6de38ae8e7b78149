package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TraceEventTest {
  @Test
  void parsesAKernel618Line() {
    TraceEvent e =
        TraceEvent.parse(
                "           <...>-21841   [001] ...21   788.155528: bpf_trace_printk: ebpf4j says"
                    + " hello from 42")
            .orElseThrow();
    assertEquals(new TraceEvent("<...>", 21841, 1, "...21", 788.155528, "ebpf4j says hello from 42"), e);
  }

  @Test
  void taskNamesMayHoldDashesAndSpaces() {
    TraceEvent e =
        TraceEvent.parse(" kworker/u4:1-ev ents-77 [000] d..3. 1.000001: bpf_trace_printk: a: b")
            .orElseThrow();
    assertEquals("kworker/u4:1-ev ents", e.task());
    assertEquals(77, e.pid());
    assertEquals("a: b", e.message());
  }

  @Test
  void theTgidColumnAndMissingFlagsAreAccepted() {
    TraceEvent e = TraceEvent.parse("  bash-4191  (   4191) [003] 6243.572115: hi").orElseThrow();
    assertEquals(4191, e.pid());
    assertEquals(3, e.cpu());
    assertEquals("", e.flags());
    assertEquals("hi", e.message());
  }

  @Test
  void otherLinesDoNotParse() {
    assertTrue(TraceEvent.parse("CPU:1 [LOST 5 EVENTS]").isEmpty());
  }
}
