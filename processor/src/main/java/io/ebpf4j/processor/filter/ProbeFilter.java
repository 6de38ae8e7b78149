package io.ebpf4j.processor.filter;

import java.util.List;
import java.util.Map;

/**
 * A probe's {@code filter}, parsed and checked against its record: what {@link FilterC} writes as
 * the C condition an event must meet before anything is reserved for it.
 *
 * @param source the filter as the annotation writes it, for comments
 * @param expression its tree, well typed: a condition
 * @param fields the record components it names, each once, in the order they first appear
 * @param stringBytes for each string field compared with a literal, how many bytes of it the C
 *     must look at: enough to tell the longest literal from a longer string, and never more than
 *     the event holds
 */
public record ProbeFilter(
    String source,
    FilterExpression expression,
    List<FilterField> fields,
    Map<String, Integer> stringBytes) {

  public ProbeFilter {
    fields = List.copyOf(fields);
    stringBytes = Map.copyOf(stringBytes);
  }

  /** Whether the filter names {@code javaName}. */
  public boolean uses(String javaName) {
    return fields.stream().anyMatch(f -> f.name().equals(javaName));
  }

  public FilterField field(String javaName) {
    return fields.stream()
        .filter(f -> f.name().equals(javaName))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(javaName));
  }
}
