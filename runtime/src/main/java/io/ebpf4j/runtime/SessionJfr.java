package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.JfrCommitter;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProgramConventions;
import java.util.Optional;
import java.util.function.Supplier;
import jdk.jfr.FlightRecorder;

/**
 * A session's JDK Flight Recorder side, for a handler class marked {@code @JfrEvents}: each event
 * goes to the generated {@link JfrCommitter} before its handler, and the session's figures are a
 * periodic {@link SessionStatsEvent}. Classes without the mark never load {@code jdk.jfr}.
 */
final class SessionJfr {
  private SessionJfr() {}

  /**
   * The generated committer of {@code program}'s handler class, if the program says the class is
   * marked {@code @JfrEvents}.
   */
  static Optional<JfrCommitter> committerFor(ProbeProgram<?> program) {
    if (!program.recordsToJfr()) {
      return Optional.empty();
    }
    Class<?> handlerType = program.handlerType();
    String name =
        ProgramConventions.companionClassName(handlerType, ProgramConventions.JFR_CLASS_SUFFIX);
    Class<?> type;
    try {
      type = Class.forName(name, true, handlerType.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new Ebpf4jException(
          "cannot find " + name + ", which the processor writes for a class marked @JfrEvents;"
              + " rebuild " + handlerType.getName() + " with ebpf4j-processor",
          e);
    }
    try {
      return Optional.of((JfrCommitter) type.getConstructor().newInstance());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new Ebpf4jException(
          "cannot instantiate " + name + "; was it compiled by a different ebpf4j version?", e);
    }
  }

  /** {@code dispatcher}, after committing each event with {@code committer}. */
  static EventDispatcher committing(JfrCommitter committer, EventDispatcher dispatcher) {
    return event -> {
      // First, so that an event whose handler throws is recorded too.
      committer.commit(event);
      dispatcher.dispatch(event);
    };
  }

  /**
   * Records {@code stats} as a periodic {@link SessionStatsEvent} until the returned action runs;
   * that action records them a last time (the final figures, once the session is closed).
   */
  static Runnable recordStats(String handlerType, Supplier<SessionStats> stats) {
    Runnable hook = () -> SessionStatsEvent.commit(handlerType, stats);
    FlightRecorder.addPeriodicEvent(SessionStatsEvent.class, hook);
    return () -> {
      FlightRecorder.removePeriodicEvent(hook);
      hook.run();
    };
  }
}
