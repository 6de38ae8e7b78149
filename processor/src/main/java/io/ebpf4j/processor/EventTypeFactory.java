package io.ebpf4j.processor;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds the {@link EventType} of a system call from its {@code sys_enter} format. */
final class EventTypeFactory {

  /** A kprobe reads arguments from registers; the x86-64 and arm64 syscall ABIs pass six. */
  static final int MAX_ARGUMENTS = 6;

  private EventTypeFactory() {}

  static EventType create(String packageName, String syscall, TracepointFormat format)
      throws InvalidProbeException {
    List<FormatField> fields = format.syscallArguments();
    if (fields.size() > MAX_ARGUMENTS) {
      throw new InvalidProbeException(
          Messages.tooManyArguments(syscall, fields.size(), MAX_ARGUMENTS, format.location()));
    }
    List<ArgumentType> types = new ArrayList<>();
    int end = 0;
    for (FormatField field : fields) {
      if (field.offset() < end) {
        throw new InvalidProbeException(
            Messages.malformedFormat(
                format.location(), field.line(), "field " + field.name() + " overlaps the one before"));
      }
      end = field.offset() + field.size();
      if (field.isArray() || !isSlot(field.size())) {
        throw new InvalidProbeException(
            Messages.unsupportedArgument(syscall, field.declaration(), format.location(),
                field.line()));
      }
      types.add(
          ArgumentTypes.forDeclaredType(field.type())
              .orElseThrow(
                  () ->
                      new InvalidProbeException(
                          Messages.unknownArgumentType(
                              syscall, field.type(), field.name(), format.location(),
                              field.line()))));
    }
    EventLayout layout = EventLayout.of(types.stream().map(ArgumentType::kind).toList());
    Set<String> javaNames = new HashSet<>(JavaNames.CONTEXT_COMPONENTS);
    Set<String> cNames = new HashSet<>(CNames.HEADER_MEMBERS);
    List<EventArgument> arguments = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      FormatField field = fields.get(i);
      String javaName = JavaNames.componentName(field.name(), javaNames);
      String cName = CNames.memberName(field.name(), cNames);
      javaNames.add(javaName);
      cNames.add(cName);
      arguments.add(
          new EventArgument(field, types.get(i), javaName, cName, layout.offsets().get(i)));
    }
    return new EventType(
        ClassName.get(packageName, JavaNames.eventTypeName(syscall)),
        syscall,
        format,
        arguments,
        layout.size());
  }

  private static boolean isSlot(int size) {
    return size == 1 || size == 2 || size == 4 || size == 8;
  }
}
