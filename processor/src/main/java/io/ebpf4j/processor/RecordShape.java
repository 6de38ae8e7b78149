package io.ebpf4j.processor;

import java.util.Optional;

/**
 * A shape whose event record the processor generates from tracepoint formats: a system call's
 * entry, return or call, or a tracepoint's hit. Besides the event, it knows the facts the
 * record's Javadoc states.
 */
sealed interface RecordShape extends ProbeShape
    permits SyscallEntry, SyscallReturn, SyscallCall, TracepointHit {

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

  /** When the header's timestamp is taken: {@code entry}, {@code return}, {@code the hit}. */
  String timestampMoment();

  /** Whose process the header names: {@code calling} for a system call, else {@code current}. */
  String headerSubject();

  /** {@code An argument} or {@code A field}: what the record's members are, for its Javadoc. */
  String memberNoun();

  /** Appended to a member named like a context component. */
  String clashSuffix();

  /** Whether the event's pointers are kernel addresses (else user-space ones). */
  default boolean kernelPointers(EventType event) {
    return false;
  }
}
