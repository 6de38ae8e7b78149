package io.ebpf4j.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.ebpf4j.processor.format.TracepointFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The event a handler takes: a record the processor generates in the handler's package ({@code
 * BindEvent}), or one of the API's ({@code UprobeEvent}, {@code KernelCall<ConnectArgs>}); and
 * its members after the context header. Built with {@link #builder}.
 *
 * @param javaType the handler's parameter type
 * @param record the record the dispatcher creates: {@code javaType}, or its raw type
 * @param arguments for {@code KernelCall<A>}, {@code A}: the dispatcher creates it from the members
 * @param source the probe it comes from: its shape
 * @param target the probe's target: the system call, {@code category:event}, function or symbol
 * @param summary the first sentence of the generated record's Javadoc
 * @param entryFormat the format of the tracepoint the entry (or the tracepoint probe) reads
 * @param exitFormat the format of the {@code sys_exit_} tracepoint the return reads
 * @param members the members after the header, in order
 * @param omitted format fields left out, each with the reason, for the record's Javadoc
 * @param stacks whether the record carries the stacks its probes capture ({@code EventStacks})
 */
public record EventType(
    TypeName javaType,
    ClassName record,
    Optional<ClassName> arguments,
    EventSource source,
    String target,
    String summary,
    Optional<TracepointFormat> entryFormat,
    Optional<TracepointFormat> exitFormat,
    List<EventMember> members,
    List<String> omitted,
    boolean stacks) {

  public EventType {
    members = List.copyOf(members);
    omitted = List.copyOf(omitted);
  }

  /** An event of {@code source}'s probe on {@code target}, whose record is {@code record}. */
  public static Builder builder(EventSource source, String target, ClassName record) {
    return new Builder(source, target, record);
  }

  /** This event with the stacks component, for probes that take stacks. */
  public EventType withStacks() {
    return new EventType(
        javaType, record, arguments, source, target, summary, entryFormat, exitFormat, members,
        omitted, true);
  }

  /** The annotation it comes from, for messages: {@code @Kprobe("bind")}. */
  public String origin() {
    return source.origin(target);
  }

  public List<MemberType> memberTypes() {
    return members.stream().map(EventMember::type).toList();
  }

  /** Whether some member is a string sized by the probe's {@code stringSize}. */
  boolean hasProbeStrings() {
    return members.stream()
        .anyMatch(m -> m.type().shape() == MemberType.Shape.STRING && m.type().length() == 0);
  }

  /** The simple name the handler writes: {@code BindEvent}, {@code KernelCall}. */
  public String simpleName() {
    return record.simpleName();
  }

  /** {@code syscalls:sys_enter_bind}, as the runtime attaches it. */
  public static String tracepoint(TracepointFormat format) {
    return format.category() + ":" + format.event();
  }

  /** Builds an {@link EventType}: no members, no formats, no summary unless set. */
  public static final class Builder {
    private final EventSource source;
    private final String target;
    private final ClassName record;
    private TypeName javaType;
    private Optional<ClassName> arguments = Optional.empty();
    private String summary = "";
    private Optional<TracepointFormat> entryFormat = Optional.empty();
    private Optional<TracepointFormat> exitFormat = Optional.empty();
    private List<EventMember> members = List.of();
    private List<String> omitted = List.of();

    private Builder(EventSource source, String target, ClassName record) {
      this.source = Objects.requireNonNull(source);
      this.target = Objects.requireNonNull(target);
      this.record = Objects.requireNonNull(record);
      this.javaType = record;
    }

    /** For {@code KernelCall<A>}: the parameterized type, and {@code A}. */
    public Builder arguments(TypeName javaType, ClassName arguments) {
      this.javaType = javaType;
      this.arguments = Optional.of(arguments);
      return this;
    }

    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    public Builder entryFormat(TracepointFormat format) {
      this.entryFormat = Optional.of(format);
      return this;
    }

    public Builder exitFormat(TracepointFormat format) {
      this.exitFormat = Optional.of(format);
      return this;
    }

    public Builder members(List<EventMember> members) {
      this.members = members;
      return this;
    }

    public Builder omitted(List<String> omitted) {
      this.omitted = omitted;
      return this;
    }

    public EventType build() {
      return new EventType(
          javaType, record, arguments, source, target, summary, entryFormat, exitFormat, members,
          omitted, false);
    }
  }
}
