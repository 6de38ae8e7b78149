package io.ebpf4j.processor.shape;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.KernelReturn;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.UprobeEvent;
import io.ebpf4j.api.UretprobeEvent;
import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.ArgumentType;
import io.ebpf4j.processor.format.ArgumentTypes;
import io.ebpf4j.processor.format.FormatField;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.EventMember.From;
import io.ebpf4j.processor.model.EventMember.Source;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.FieldTypes;
import io.ebpf4j.processor.model.JavaNames;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.model.UserStrings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Builds the {@link EventType} of each {@link ProbeShape} from tracepoint formats or a record. */
public final class EventTypeFactory {

  /** A kprobe reads arguments from registers; the x86-64 and arm64 syscall ABIs pass six. */
  public static final int MAX_ARGUMENTS = 6;

  static final String RETURN_VALUE = "ret";
  static final String LATENCY_JAVA = "latencyNanos";
  static final String LATENCY_C = "latency_nanos";

  private static final ClassName KERNEL_CALL = ClassName.get(KernelCall.class);
  private static final ClassName KERNEL_RETURN = ClassName.get(KernelReturn.class);
  private static final ClassName UPROBE_EVENT = ClassName.get(UprobeEvent.class);
  private static final ClassName URETPROBE_EVENT = ClassName.get(UretprobeEvent.class);

  private EventTypeFactory() {}

  /** {@code @Kprobe("bind")}: the arguments of {@code sys_enter_bind}. */
  public static EventType syscallEntry(String packageName, String syscall, TracepointFormat enter)
      throws InvalidProbeException {
    RecordShape shape = ProbeShape.SYSCALL_ENTRY;
    Names names = new Names(shape.clashSuffix());
    return generated(shape, packageName, syscall)
        .summary(
            "An entry to the {@code " + syscall + "} system call, from the tracepoint format"
                + " {@code " + enter.relativePath() + "}.")
        .entryFormat(enter)
        .members(syscallArguments(syscall, enter, names))
        .build();
  }

  /** {@code @Kretprobe("openat")}: the return value of {@code sys_exit_openat}. */
  public static EventType syscallReturn(String packageName, String syscall, TracepointFormat exit)
      throws InvalidProbeException {
    returnField(syscall, exit);
    return generated(ProbeShape.SYSCALL_RETURN, packageName, syscall)
        .summary("A return from the {@code " + syscall + "} system call.")
        .exitFormat(exit)
        .members(List.of(returnMember(exit, RETURN_VALUE)))
        .build();
  }

  /** {@code @Kretprobe(value = "openat", withEntry = true)}: arguments, return and latency. */
  public static EventType syscallCall(
      String packageName, String syscall, TracepointFormat enter, TracepointFormat exit)
      throws InvalidProbeException {
    returnField(syscall, exit);
    RecordShape shape = ProbeShape.SYSCALL_CALL;
    Names names = new Names(shape.clashSuffix());
    names.reserve(RETURN_VALUE, RETURN_VALUE);
    names.reserve(LATENCY_JAVA, LATENCY_C);
    List<EventMember> members = new ArrayList<>(syscallArguments(syscall, enter, names));
    members.add(returnMember(exit, RETURN_VALUE));
    members.add(
        new EventMember(
            LATENCY_JAVA,
            LATENCY_C,
            LATENCY_JAVA,
            MemberType.scalar(ValueKind.LONG, true),
            "nanoseconds from the entry to the return",
            Source.of(From.LATENCY)));
    return generated(shape, packageName, syscall)
        .summary(
            "A completed call of the {@code " + syscall + "} system call: its arguments at entry,"
                + " from the tracepoint format {@code " + enter.relativePath() + "}, its return"
                + " value and its latency. The entry waits in the kernel, in an LRU hash of at most "
                + Kretprobe.MAX_CALLS_IN_FLIGHT + " calls in flight: when it is full, the least"
                + " recently entered call makes room, and its event counts as lost.")
        .entryFormat(enter)
        .exitFormat(exit)
        .members(members)
        .build();
  }

  /** {@code @Tracepoint("sched:sched_process_exec")}: every field that is not common. */
  public static EventType tracepoint(String packageName, TracepointFormat format)
      throws InvalidProbeException {
    String target = EventType.tracepoint(format);
    boolean syscalls = format.category().equals(SyscallCatalog.CATEGORY);
    boolean syscallEntry = syscalls && format.event().startsWith(SyscallCatalog.ENTER_PREFIX);
    RecordShape shape = ProbeShape.TRACEPOINT;
    Names names = new Names(shape.clashSuffix());
    List<EventMember> members = new ArrayList<>();
    List<String> omitted = new ArrayList<>();
    int end = 0;
    for (FormatField field : format.fields()) {
      if (field.name().startsWith(TracepointFormat.COMMON_FIELD_PREFIX)) {
        continue;
      }
      if (field.offset() < end) {
        throw new InvalidProbeException(
            Messages.malformedFormat(
                format.location(), field.line(),
                "field " + field.name() + " overlaps the one before"));
      }
      end = field.offset() + field.size();
      if (syscalls && field.size() == 8 && !field.isArray()) {
        // An 8-byte syscall slot: the declared type gives the width, as for @Kprobe.
        ArgumentType type = syscallArgumentType(target, format, field);
        boolean string = syscallEntry && UserStrings.isUserString(field.type(), field.name());
        members.add(
            names.member(
                field.name(),
                string ? MemberType.probeString() : MemberType.scalar(type),
                field.declaration(),
                Source.field(string ? From.FIELD_USER_STRING : From.FIELD, field)));
        continue;
      }
      Optional<MemberType> type = FieldTypes.forField(field);
      if (type.isEmpty()) {
        omitted.add("{@code " + field.declaration() + "}: " + FieldTypes.omissionReason(field));
        continue;
      }
      From from;
      if (FieldTypes.isDataLoc(field)) {
        from = From.FIELD_DATA_LOC_STRING;
      } else if (type.get().shape() != MemberType.Shape.SCALAR
          || field.offset() % field.size() != 0) {
        from = From.FIELD_BYTES;
      } else {
        from = From.FIELD;
      }
      members.add(names.member(field.name(), type.get(), field.declaration(),
          Source.field(from, field)));
    }
    return generated(shape, packageName, target)
        .summary(
            "A hit of the tracepoint {@code " + target + "}, from its format {@code "
                + format.relativePath() + "}.")
        .entryFormat(format)
        .members(members)
        .omitted(omitted)
        .build();
  }

  /** A {@code KernelCall<A>} whose arguments are {@code A}'s components, in order. */
  public static EventType kernelCall(
      String function, ClassName arguments, List<String> components, List<ValueKind> kinds) {
    Names names = new Names(JavaNames.CONTEXT_CLASH_SUFFIX);
    List<EventMember> members = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      EventMember member =
          names.member(
              components.get(i),
              MemberType.scalar(kinds.get(i), false),
              "argument " + (i + 1),
              Source.value(i));
      // The dispatcher passes the values to A's constructor by position; the names are only C.
      members.add(
          new EventMember(components.get(i), member.cName(), components.get(i), member.type(),
              member.description(), member.source()));
    }
    return EventType.builder(ProbeShape.KERNEL_ENTRY, function, KERNEL_CALL)
        .arguments(ParameterizedTypeName.get(KERNEL_CALL, arguments), arguments)
        .members(members)
        .build();
  }

  public static EventType kernelReturn(String function) {
    return apiReturn(ProbeShape.KERNEL_RETURN, function, KERNEL_RETURN);
  }

  public static EventType uprobe(String symbol) {
    List<EventMember> members = new ArrayList<>();
    for (int i = 0; i < MAX_ARGUMENTS; i++) {
      members.add(
          new EventMember("arg" + i, "arg" + i, "arg" + i,
              MemberType.scalar(ValueKind.LONG, true), "argument " + (i + 1), Source.value(i)));
    }
    return EventType.builder(ProbeShape.UPROBE, symbol, UPROBE_EVENT).members(members).build();
  }

  public static EventType uretprobe(String symbol) {
    return apiReturn(ProbeShape.URETPROBE, symbol, URETPROBE_EVENT);
  }

  private static EventType apiReturn(ProbeShape shape, String target, ClassName type) {
    return EventType.builder(shape, target, type)
        .members(
            List.of(
                new EventMember(RETURN_VALUE, RETURN_VALUE, RETURN_VALUE,
                    MemberType.scalar(ValueKind.LONG, false), "the return value",
                    Source.of(From.RETURN_VALUE))))
        .build();
  }

  /** The builder of the record {@code shape} generates for {@code target}. */
  private static EventType.Builder generated(
      RecordShape shape, String packageName, String target) {
    return EventType.builder(
        shape, target, ClassName.get(packageName, shape.recordName(target)));
  }

  private static EventMember returnMember(TracepointFormat exit, String name) {
    FormatField field = exit.fields().stream()
        .filter(f -> f.name().equals(RETURN_VALUE)).findFirst().orElseThrow();
    return new EventMember(
        name, name, field.name(), MemberType.scalar(ValueKind.LONG, false),
        "the value returned, a negative errno on failure ({@code " + field.declaration() + "})",
        Source.of(From.RETURN_VALUE));
  }

  /** The {@code long ret} of a {@code sys_exit_} format, which the C reads as a slot. */
  static FormatField returnField(String syscall, TracepointFormat exit)
      throws InvalidProbeException {
    for (FormatField field : exit.fields()) {
      if (field.name().equals(RETURN_VALUE) && field.size() == 8 && !field.isArray()) {
        return field;
      }
    }
    throw new InvalidProbeException(
        Messages.noReturnField(syscall, exit.location()));
  }

  private static List<EventMember> syscallArguments(
      String syscall, TracepointFormat format, Names names) throws InvalidProbeException {
    List<FormatField> fields = format.syscallArguments();
    if (fields.size() > MAX_ARGUMENTS) {
      throw new InvalidProbeException(
          Messages.tooManyArguments(syscall, fields.size(), MAX_ARGUMENTS, format.location()));
    }
    List<EventMember> members = new ArrayList<>();
    int end = 0;
    for (int i = 0; i < fields.size(); i++) {
      FormatField field = fields.get(i);
      if (field.offset() < end) {
        throw new InvalidProbeException(
            Messages.malformedFormat(
                format.location(), field.line(),
                "field " + field.name() + " overlaps the one before"));
      }
      end = field.offset() + field.size();
      if (field.isArray() || !isSlot(field.size())) {
        throw new InvalidProbeException(
            Messages.unsupportedArgument(syscall, field.declaration(), format.location(),
                field.line()));
      }
      ArgumentType type = syscallArgumentType(syscall, format, field);
      boolean string = UserStrings.isUserString(field.type(), field.name());
      members.add(
          names.member(
              field.name(),
              string ? MemberType.probeString() : MemberType.scalar(type),
              field.declaration(),
              string ? Source.userString(i) : Source.value(i)));
    }
    return members;
  }

  private static ArgumentType syscallArgumentType(
      String syscall, TracepointFormat format, FormatField field) throws InvalidProbeException {
    return ArgumentTypes.forDeclaredType(field.type())
        .orElseThrow(
            () ->
                new InvalidProbeException(
                    Messages.unknownArgumentType(
                        syscall, field.type(), field.name(), format.location(), field.line())));
  }

  private static boolean isSlot(int size) {
    return size == 1 || size == 2 || size == 4 || size == 8;
  }

  /** Allocates unique Java and C names for the members of one event. */
  private static final class Names {
    private final String clashSuffix;
    private final Set<String> java = new HashSet<>(JavaNames.CONTEXT_COMPONENTS);
    private final Set<String> c = new HashSet<>(CNames.HEADER_MEMBERS);

    Names(String clashSuffix) {
      this.clashSuffix = clashSuffix;
    }

    void reserve(String javaName, String cName) {
      java.add(javaName);
      c.add(cName);
    }

    EventMember member(String fieldName, MemberType type, String declaration, Source source) {
      String javaName = JavaNames.componentName(fieldName, java, clashSuffix);
      String cName = CNames.memberName(fieldName, c);
      java.add(javaName);
      c.add(cName);
      return new EventMember(
          javaName, cName, fieldName, type, "{@code " + declaration + "}", source);
    }
  }
}
