package io.ebpf4j.runtime;

import java.util.function.Supplier;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** A session's {@link SessionStats} as a periodic JFR event, for {@code @JfrEvents} classes. */
@Name("ebpf4j.SessionStats")
@Label("ebpf4j Session Statistics")
@Description("What an ebpf4j session delivered and lost so far, by cause (io.ebpf4j.runtime.SessionStats)")
@Category({"Kernel", "ebpf4j"})
@Period("1 s")
@StackTrace(false)
final class SessionStatsEvent extends Event {
  @Label("Handler Class")
  String handler;

  @Label("Delivered")
  @Description("Events handed to handlers, including those whose handler threw")
  long delivered;

  @Label("Lost")
  @Description("Events lost so far, over every cause")
  long lost;

  @Label("Handler Errors")
  @Description("Exceptions thrown by handlers")
  long handlerErrors;

  @Label("Ring Buffer Full")
  @Description("Events the kernel had no ring-buffer space for: handlers fell behind")
  long ringBufferFull;

  @Label("Calls Not Stored")
  long callsNotStored;

  @Label("Calls Replaced")
  long callsReplaced;

  @Label("Calls Evicted")
  long callsEvicted;

  @Label("Calls In Flight")
  long callsInFlight;

  @Label("Kretprobe Misses")
  long kretprobeMisses;

  @Label("Recursion Misses")
  long recursionMisses;

  @Label("Unsubmitted At Close")
  long unsubmittedAtClose;

  @Label("Undelivered At Close")
  long undeliveredAtClose;

  @Label("Aggregate Keys Dropped")
  long aggregateKeysDropped;

  @Label("Stacks Lost")
  @Description("Stacks that events of probes with stacks arrived without")
  long stacksLost;

  @Label("Closed")
  @Description("Whether the figures are final")
  boolean closed;

  /** Commits the figures of {@code stats} now; called by JFR's periodic thread, so never throws. */
  static void commit(String handlerType, Supplier<SessionStats> stats) {
    SessionStatsEvent event = new SessionStatsEvent();
    if (!event.isEnabled()) {
      return;
    }
    SessionStats s;
    try {
      s = stats.get();
    } catch (RuntimeException e) {
      return; // the final figures could not be read; close reports that
    }
    event.handler = handlerType;
    event.delivered = s.delivered();
    event.lost = s.lost();
    event.handlerErrors = s.handlerErrors();
    event.ringBufferFull = s.ringBufferFull();
    event.callsNotStored = s.callsNotStored();
    event.callsReplaced = s.callsReplaced();
    event.callsEvicted = s.callsEvicted();
    event.callsInFlight = s.callsInFlight();
    event.kretprobeMisses = s.kretprobeMisses();
    event.recursionMisses = s.recursionMisses();
    event.unsubmittedAtClose = s.unsubmittedAtClose();
    event.undeliveredAtClose = s.undeliveredAtClose();
    event.aggregateKeysDropped = s.aggregateKeysDropped();
    event.stacksLost = s.stacksLost();
    event.closed = s.closed();
    event.commit();
  }
}
