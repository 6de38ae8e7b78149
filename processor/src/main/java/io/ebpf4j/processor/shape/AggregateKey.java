package io.ebpf4j.processor.shape;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * The generated key record of an {@code @Aggregate}: known as soon as its {@code by} fields
 * resolve, so it is written even when the rest of the aggregation or its handler has errors, as
 * event records are.
 *
 * @param name the record, in the event's package: {@code GetppidByComm}
 * @param origin the event record the fields come from, for its Javadoc
 * @param fields the key fields, in the order of {@code by}
 */
public record AggregateKey(ClassName name, ClassName origin, List<Aggregation.Field> fields) {

  public AggregateKey {
    fields = List.copyOf(fields);
  }
}
