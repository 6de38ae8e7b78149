package io.ebpf4j.runtime;

import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.StackSource;
import io.ebpf4j.processor.model.HeaderField;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.function.Consumer;

/**
 * Hands each event of a run-time program to its probe's handler: one array and one {@link
 * ProbeEvent} per event, the event's copy, as a generated dispatcher allocates one record (and,
 * for a probe with stacks, one {@link EventStacks}, as a generated decoder does).
 */
final class RuntimeDispatcher implements EventDispatcher {
  private final EventSchema[] schemas;
  private final Consumer<? super ProbeEvent>[] handlers;
  private final StackSource stacks;

  /** A dispatcher of probes without stacks. */
  RuntimeDispatcher(EventSchema[] schemas, List<Consumer<? super ProbeEvent>> handlers) {
    this(schemas, handlers, StackSource.NONE);
  }

  @SuppressWarnings("unchecked")
  RuntimeDispatcher(
      EventSchema[] schemas, List<Consumer<? super ProbeEvent>> handlers, StackSource stacks) {
    if (schemas.length != handlers.size()) {
      throw new IllegalArgumentException(
          schemas.length + " probes, " + handlers.size() + " handlers");
    }
    this.schemas = schemas.clone();
    this.handlers = handlers.toArray(Consumer[]::new);
    this.stacks = stacks;
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
    handlers[probeId].accept(new ProbeEvent(schema, bytes, stacks(schema, event)));
  }

  /**
   * The event's stacks, read from its ids as a generated decoder reads them (the source counts
   * the lost ones); the shared {@link EventStacks#NONE}, at no cost, if its probe takes none.
   */
  private EventStacks stacks(EventSchema schema, MemorySegment event) {
    int offset = schema.stackIdsOffset();
    if (offset < 0) {
      return EventStacks.NONE;
    }
    return stacks.stacks(
        event.get(ValueLayout.JAVA_INT, HeaderField.PID.offset()),
        schema.kernelStack()
            ? event.get(ValueLayout.JAVA_INT, offset) : EventStacks.NOT_REQUESTED,
        schema.userStack()
            ? event.get(ValueLayout.JAVA_INT, offset + 4) : EventStacks.NOT_REQUESTED);
  }
}
