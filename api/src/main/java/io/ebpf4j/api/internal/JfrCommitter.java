package io.ebpf4j.api.internal;

import java.lang.foreign.MemorySegment;

/**
 * Commits events as JDK Flight Recorder events: generated for a handler class marked {@code
 * JfrEvents}, as {@code com.example.NetProbes_Ebpf4jJfr} (see {@link
 * ProgramConventions#JFR_CLASS_SUFFIX}), with a public no-argument constructor.
 */
@FunctionalInterface
public interface JfrCommitter {

  /**
   * Commits the event that {@code event} holds, which begins with the {@link EventHeader}, as the
   * JFR event of its probe, if a recording has that event enabled; does nothing otherwise, and
   * nothing for a probe id it does not know (the dispatcher reports that). The segment is only
   * valid during the call.
   */
  void commit(MemorySegment event);
}
