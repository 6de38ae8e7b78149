package io.ebpf4j.runtime;

import io.ebpf4j.api.Stack;
import io.ebpf4j.processor.base.Suggestions;
import io.ebpf4j.processor.format.FormatField;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.MemberType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of one run-time probe's events, by name, at the offsets its {@link EventLayout}
 * gave the C: resolved once when the probe starts, so that a getter only looks its name up.
 */
final class EventSchema {
  private final Probe probe;
  private final List<EventField> fields;
  private final Map<String, EventField> byName;
  private final int size;
  private final int stackIdsOffset;
  private final boolean kernelStack;
  private final boolean userStack;

  private EventSchema(Probe probe, List<EventField> fields, int size, int stackIdsOffset) {
    this.probe = probe;
    this.fields = List.copyOf(fields);
    this.size = size;
    this.stackIdsOffset = stackIdsOffset;
    // Asked once here rather than of the probe's set on every event.
    this.kernelStack = probe.stacks().contains(Stack.KERNEL);
    this.userStack = probe.stacks().contains(Stack.USER);
    Map<String, EventField> names = new LinkedHashMap<>();
    for (EventField field : fields) {
      names.put(field.name(), field);
    }
    this.byName = names;
  }

  /** The schema of a probe without stacks. */
  static EventSchema of(Probe probe, EventType event, EventLayout layout) {
    return of(probe, event, layout, -1);
  }

  /**
   * The fields of {@code event}, named as the format names them; a member the processor renamed
   * because two would clash keeps the name the C gave it. {@code stackIdsOffset} is where the
   * kernel stack's id is, the user stack's 4 bytes on, or -1 if the probe takes no stacks.
   */
  static EventSchema of(Probe probe, EventType event, EventLayout layout, int stackIdsOffset) {
    List<EventField> fields = new ArrayList<>();
    List<String> taken = new ArrayList<>();
    List<EventMember> members = event.members();
    for (int i = 0; i < members.size(); i++) {
      EventMember member = members.get(i);
      String name = taken.contains(member.fieldName()) ? member.cName() : member.fieldName();
      taken.add(name);
      fields.add(
          new EventField(name, cType(event, member), member.type(), layout.offsets().get(i),
              layout.stringSize()));
    }
    return new EventSchema(probe, fields, layout.size(), stackIdsOffset);
  }

  /** The C type the format declares for {@code member}, else the event's own. */
  private static String cType(EventType event, EventMember member) {
    Optional<FormatField> field =
        switch (member.source().from()) {
          case FIELD, FIELD_BYTES, FIELD_DATA_LOC_STRING, FIELD_USER_STRING ->
              Optional.of(member.source().field());
          case VALUE, USER_STRING ->
              event.entryFormat()
                  .map(TracepointFormat::syscallArguments)
                  .map(arguments -> arguments.get(member.source().index()));
          case RETURN_VALUE ->
              event.exitFormat().flatMap(exit -> exit.fields().stream()
                  .filter(f -> f.name().equals(member.fieldName())).findFirst());
          case LATENCY, USER_STRING_LENGTH -> Optional.empty();
        };
    return field.map(FormatField::type).orElse(member.type().cType());
  }

  Probe probe() {
    return probe;
  }

  List<EventField> fields() {
    return fields;
  }

  /** Where the stack ids are, or -1 if the probe takes no stacks. */
  int stackIdsOffset() {
    return stackIdsOffset;
  }

  /** Whether the probe takes kernel stacks: its events' kernel stack id is one to read. */
  boolean kernelStack() {
    return kernelStack;
  }

  /** Whether the probe takes user stacks: its events' user stack id is one to read. */
  boolean userStack() {
    return userStack;
  }

  /** Bytes in each event. */
  int size() {
    return size;
  }

  /**
   * The field {@code name}, if its value is one {@code getter} returns.
   *
   * @throws IllegalArgumentException if there is no such field, or it has another type
   */
  EventField field(String name, Getter getter) {
    EventField field = byName.get(name);
    if (field == null) {
      throw new IllegalArgumentException(
          DynamicMessages.unknownField(probe, name, Suggestions.closest(name, byName.keySet()),
              byName.keySet()));
    }
    if (!getter.reads(field)) {
      throw new IllegalArgumentException(
          DynamicMessages.wrongType(
              probe, field, getter.method(), Getter.forField(field).method()));
    }
    return field;
  }

  /** The typed getters of {@link ProbeEvent}, and the fields each reads. */
  enum Getter {
    LONG("getLong"),
    INT("getInt"),
    SHORT("getShort"),
    BYTE("getByte"),
    BOOLEAN("getBoolean"),
    STRING("getString"),
    BYTES("getBytes"),
    VALUE("get");

    private final String method;

    Getter(String method) {
      this.method = method;
    }

    String method() {
      return method;
    }

    /**
     * Whether this getter returns {@code field}'s value: an integer getter reads an integer as
     * wide or narrower, as Java widens without a cast; {@code getBytes} reads arrays.
     */
    boolean reads(EventField field) {
      MemberType type = field.type();
      return switch (this) {
        case VALUE -> true;
        case STRING -> type.shape() == MemberType.Shape.STRING;
        case BYTES -> type.shape() == MemberType.Shape.ARRAY;
        case BOOLEAN -> scalar(field) && type.kind() == ValueKind.BOOLEAN;
        case LONG, INT, SHORT, BYTE ->
            scalar(field)
                && type.kind() != ValueKind.BOOLEAN
                && type.kind().size() <= width();
      };
    }

    private int width() {
      return switch (this) {
        case LONG -> 8;
        case INT -> 4;
        case SHORT -> 2;
        default -> 1;
      };
    }

    private static boolean scalar(EventField field) {
      return field.type().shape() == MemberType.Shape.SCALAR;
    }

    /** The getter made for {@code field}'s type. */
    static Getter forField(EventField field) {
      MemberType type = field.type();
      return switch (type.shape()) {
        case STRING -> STRING;
        case ARRAY -> BYTES;
        case SCALAR -> switch (type.kind()) {
          case BOOLEAN -> BOOLEAN;
          case BYTE -> BYTE;
          case SHORT -> SHORT;
          case INT -> INT;
          case LONG -> LONG;
        };
      };
    }
  }
}
