package io.ebpf4j.processor.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A component of an event's record that a probe's annotation can name, as a {@code filter} or
 * an {@code @Aggregate} does: a context component of the {@link HeaderField header}, or one of
 * the event's {@link EventMember members}; exactly one is set.
 *
 * @param header the header field, or null
 * @param member the member, or null
 */
public record RecordComponent(HeaderField header, EventMember member) {

  public RecordComponent {
    if ((header == null) == (member == null)) {
      throw new IllegalArgumentException("a component is a header field or a member: " + this);
    }
  }

  /**
   * The components of {@code event}'s record by name, in the record's order: the header's context
   * components, then the members. Not the stacks, which are no value of the event's own.
   */
  public static Map<String, RecordComponent> byName(EventType event) {
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (HeaderField header : HeaderField.values()) {
      if (header.isComponent()) {
        components.put(header.javaName(), new RecordComponent(header, null));
      }
    }
    for (EventMember member : event.members()) {
      components.put(member.javaName(), new RecordComponent(null, member));
    }
    return Collections.unmodifiableMap(components);
  }

  /** The record component. */
  public String javaName() {
    return header != null ? header.javaName() : member.javaName();
  }

  /** The member of the event struct. */
  public String cName() {
    return header != null ? header.cName() : member.cName();
  }

  public MemberType type() {
    return header != null ? header.type() : member.type();
  }
}
