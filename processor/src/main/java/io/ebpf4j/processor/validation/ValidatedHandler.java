package io.ebpf4j.processor.validation;

import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.shape.AggregateKey;
import io.ebpf4j.processor.shape.HandlerProgram;
import java.util.List;
import java.util.Optional;

/**
 * What validating one handler class gives the processor, which writes it afterwards: the report to
 * print, the program if the report is clean, and the event records the probes resolve to.
 *
 * <p>The records are there even when the report is not clean. A handler with a wrong return type
 * still names {@code BindEvent}; if the record were not generated, javac would add "cannot find
 * symbol" to the real error.
 *
 * @param report every error and warning about the handler and its methods
 * @param program the program, present only if the report is clean
 * @param records the generated records its probes resolve to, once each, in method order
 * @param keys the key records of its aggregations whose {@code by} fields resolve, for the same
 *     reason
 */
public record ValidatedHandler(
    ValidationReport report,
    Optional<HandlerProgram> program,
    List<EventType> records,
    List<AggregateKey> keys) {

  public ValidatedHandler {
    records = List.copyOf(records);
    keys = List.copyOf(keys);
  }
}
