package io.ebpf4j.processor.shape;

import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.RecordSource;
import java.util.Optional;

/**
 * A shape whose event record the processor generates from tracepoint formats: a system call's
 * entry, return or call, or a tracepoint's hit. Besides the event, it knows the facts the
 * record's Javadoc states.
 */
public sealed interface RecordShape extends ProbeShape, RecordSource
    permits SyscallShape, TracepointHit, UsdtHit {

  @Override
  default boolean generatesRecord() {
    return true;
  }

  @Override
  default String expectedParameter(String handlerPackage, String target) {
    return ProbeShape.qualified(handlerPackage, recordName(target));
  }

  @Override
  default Optional<EventType> event(Parameter parameter, String target) {
    return parameter.generated(recordName(target));
  }

  @Override
  Optional<EventType> eventType(SyscallCatalog catalog, String packageName, String target)
      throws InvalidProbeException;

  @Override
  String unknownTarget(SyscallCatalog catalog, String target);
}
