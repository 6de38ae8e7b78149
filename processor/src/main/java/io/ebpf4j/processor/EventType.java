package io.ebpf4j.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;

/**
 * The event a handler takes: a record the processor generates in the handler's package ({@code
 * BindEvent}), or one of the API's ({@code UprobeEvent}, {@code KernelCall<ConnectArgs>}); and
 * its members after the context header.
 *
 * @param javaType the handler's parameter type
 * @param record the record the dispatcher creates: {@code javaType}, or its raw type
 * @param arguments for {@code KernelCall<A>}, {@code A}: the dispatcher creates it from the members
 * @param origin the annotation it comes from, for messages: {@code @Kprobe("bind")}
 * @param summary the first sentence of the generated record's Javadoc
 * @param entryFormat the format of the tracepoint the entry (or the tracepoint probe) reads
 * @param exitFormat the format of the {@code sys_exit_} tracepoint the return reads
 * @param members the members after the header, in order
 * @param omitted format fields left out, each with the reason, for the record's Javadoc
 */
record EventType(
    TypeName javaType,
    ClassName record,
    Optional<ClassName> arguments,
    String origin,
    String summary,
    Optional<TracepointFormat> entryFormat,
    Optional<TracepointFormat> exitFormat,
    List<EventMember> members,
    List<String> omitted) {

  EventType {
    members = List.copyOf(members);
    omitted = List.copyOf(omitted);
  }

  List<MemberType> memberTypes() {
    return members.stream().map(EventMember::type).toList();
  }

  /** Whether some member is a string sized by the probe's {@code stringSize}. */
  boolean hasProbeStrings() {
    return members.stream()
        .anyMatch(m -> m.type().shape() == MemberType.Shape.STRING && m.type().length() == 0);
  }

  /** The simple name the handler writes: {@code BindEvent}, {@code KernelCall}. */
  String simpleName() {
    return record.simpleName();
  }

  /** {@code syscalls:sys_enter_bind}, as the runtime attaches it. */
  static String tracepoint(TracepointFormat format) {
    return format.category() + ":" + format.event();
  }
}
