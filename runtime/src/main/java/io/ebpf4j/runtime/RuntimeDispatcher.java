package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.processor.model.HeaderField;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands each event of a run-time program to its probe's handler: one array and one {@link
 * ProbeEvent} per event, the event's copy, as a generated dispatcher allocates one record.
 */
final class RuntimeDispatcher implements EventDispatcher {
  private final EventSchema[] schemas;
  private final Consumer<? super ProbeEvent>[] handlers;

  @SuppressWarnings("unchecked")
  RuntimeDispatcher(EventSchema[] schemas, List<Consumer<? super ProbeEvent>> handlers) {
    if (schemas.length != handlers.size()) {
      throw new IllegalArgumentException(
          schemas.length + " probes, " + handlers.size() + " handlers");
    }
    this.schemas = schemas.clone();
    this.handlers = handlers.toArray(Consumer[]::new);
  }

  @Override
  public void dispatch(MemorySegment event) {
    int probeId = event.get(ValueLayout.JAVA_INT, HeaderField.PROBE_ID.offset());
    if (probeId < 0 || probeId >= schemas.length) {
      throw new IllegalArgumentException(
          "unknown probe id " + probeId + " in an event of probes named at run time");
    }
    EventSchema schema = schemas[probeId];
    int size = schema.size();
    if (event.byteSize() < size) {
      throw new IllegalArgumentException(
          "an event of " + event.byteSize() + " bytes is shorter than the " + size
              + " bytes of probe " + probeId + ", " + schema.probe());
    }
    byte[] bytes = new byte[size];
    MemorySegment.copy(event, ValueLayout.JAVA_BYTE, 0, bytes, 0, size);
    handlers[probeId].accept(new ProbeEvent(schema, bytes));
  }
}
