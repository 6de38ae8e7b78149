package io.ebpf4j.api.internal;

import java.lang.foreign.MemorySegment;

/** Decodes raw events from the kernel and calls the handler method of their probe. */
@FunctionalInterface
public interface EventDispatcher {

  /**
   * Decodes the event that {@code event} holds, which begins with the {@link EventHeader}, and
   * calls the handler of the probe whose id it carries. The segment is only valid during the call.
   *
   * @throws Exception whatever the handler throws
   * @throws IllegalArgumentException if the probe id is unknown or the event is shorter than its
   *     probe writes
   */
  void dispatch(MemorySegment event) throws Exception;
}
