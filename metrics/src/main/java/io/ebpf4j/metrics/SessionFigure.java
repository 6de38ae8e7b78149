package io.ebpf4j.metrics;

import io.ebpf4j.runtime.SessionStats;
import java.util.List;

/**
 * One of a session's own figures, as a counter: what {@link SessionStats} says it delivered and
 * lost. The losses are one metric, {@value #LOST}, with the cause as its {@code cause} label, so
 * that {@code sum(ebpf4j_events_lost_total)} is {@link SessionStats#lost()}.
 *
 * @param name the metric's name, without {@code _total}
 * @param help what it counts
 * @param cause the {@code cause} label's value, or empty for a figure without one
 * @param value the figure now
 */
public record SessionFigure(String name, String help, String cause, long value) {

  /** Events handed to handlers. */
  public static final String DELIVERED = "ebpf4j_events_delivered";

  /** Streamed events lost, by cause. */
  public static final String LOST = "ebpf4j_events_lost";

  /** Exceptions thrown by handlers. */
  public static final String HANDLER_ERRORS = "ebpf4j_handler_errors";

  /** Events of {@code @Aggregate} probes whose key found the map full. */
  public static final String AGGREGATE_KEYS_DROPPED = "ebpf4j_aggregate_keys_dropped";

  /** Stacks that events of probes with {@code stacks} arrived without. */
  public static final String STACKS_LOST = "ebpf4j_stacks_lost";

  /** The label that names a loss's cause. */
  public static final String CAUSE = "cause";

  private static final String LOST_HELP = "Streamed events lost, by cause";

  /** The figures of {@code stats}, always the same names and causes in the same order. */
  public static List<SessionFigure> of(SessionStats stats) {
    return List.of(
        new SessionFigure(DELIVERED, "Events handed to handlers", "", stats.delivered()),
        lost("ring_buffer_full", stats.ringBufferFull()),
        lost("calls_not_stored", stats.callsNotStored()),
        lost("calls_replaced", stats.callsReplaced()),
        lost("calls_evicted", stats.callsEvicted()),
        // In flight is a loss only once the session is closed (SessionStats.lost()).
        lost("calls_in_flight_at_close", stats.closed() ? stats.callsInFlight() : 0),
        lost("kretprobe_misses", stats.kretprobeMisses()),
        lost("recursion_misses", stats.recursionMisses()),
        lost("unsubmitted_at_close", stats.unsubmittedAtClose()),
        lost("undelivered_at_close", stats.undeliveredAtClose()),
        new SessionFigure(HANDLER_ERRORS, "Exceptions thrown by handlers", "",
            stats.handlerErrors()),
        new SessionFigure(AGGREGATE_KEYS_DROPPED,
            "Events of @Aggregate probes not aggregated because the map was full", "",
            stats.aggregateKeysDropped()),
        new SessionFigure(STACKS_LOST,
            "Stacks that events of probes with stacks arrived without", "", stats.stacksLost()));
  }

  private static SessionFigure lost(String cause, long value) {
    return new SessionFigure(LOST, LOST_HELP, cause, value);
  }
}
