package io.ebpf4j.processor.model;

/**
 * A source whose event record the processor generates: besides the event, it knows the facts
 * the record's Javadoc states.
 */
public interface RecordSource extends EventSource {

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
