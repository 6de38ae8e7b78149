package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import java.util.List;

/**
 * A {@link ProbeProgram} written by hand, as the processor would write it, around C of the test's
 * own (a resource next to this class): for starts the processor would refuse to generate. It is
 * its own handler, and ignores every event.
 */
record HandWrittenProgram(String bpfSourceResource, List<ProbeSpec> probes)
    implements ProbeProgram<HandWrittenProgram> {

  /** The event size of a probe whose C writes only the header. */
  private static final int HEADER_ONLY = 44;

  /** Probe {@code id}, C function {@code function}, attached to tracepoint {@code category:name}. */
  static ProbeSpec tracepointProbe(int id, String function, String tracepoint) {
    return new ProbeSpec(
        id, function + "()", List.of(AttachPoint.tracepoint(function, tracepoint)), List.of(), HEADER_ONLY);
  }

  @Override
  public Class<HandWrittenProgram> handlerType() {
    return HandWrittenProgram.class;
  }

  @Override
  public EventDispatcher dispatcherFor(HandWrittenProgram handler) {
    return event -> {};
  }

  @Override
  public HandWrittenProgram newHandler() {
    return this;
  }
}
