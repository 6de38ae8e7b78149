package io.ebpf4j.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.JavaNames;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.model.RecordSource;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** Writes a generated event record: a system call's entry, return or call, or a tracepoint's. */
public final class EventRecordWriter {

  private EventRecordWriter() {}

  public static TypeSpec write(EventType event, Optional<AnnotationSpec> generated) {
    if (!(event.source() instanceof RecordSource shape)) {
      throw new IllegalArgumentException("no record to generate for " + event.origin());
    }
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    CodeBlock.Builder javadoc = CodeBlock.builder();
    javadoc.add("$L\n", event.summary());
    boolean kernelAddresses = shape.kernelPointers(event);
    javadoc.add(
        "\n<p>Pointers are $L addresses. Unsigned C types keep their width and bits: read"
            + " an\n{@code unsigned int} with {@link Integer#toUnsignedLong}.\n",
        kernelAddresses ? "kernel" : "user-space");
    if (event.members().stream().anyMatch(m -> m.type().shape() == MemberType.Shape.STRING)) {
      javadoc.add(
          "\n<p>Strings are decoded as UTF-8 up to their first NUL. One copied by the probe holds"
              + " at most its\n{@code stringSize} bytes (256 unless the annotation says"
              + " otherwise), the NUL included: a longer\nstring arrives cut to"
              + " {@code stringSize - 1} bytes, and one the kernel could not read arrives"
              + "\nempty.$L\n",
          event.members().stream()
                  .anyMatch(m -> m.type().shape() == MemberType.Shape.STRING
                      && m.type().length() > 0)
              ? " A {@code char x[N]} field is at most {@code N} bytes."
              : "");
    }
    if (event.members().stream().anyMatch(m -> m.type().shape() == MemberType.Shape.ARRAY)) {
      javadoc.add(
          "\n<p>Arrays hold the field's elements in order, each of its C type's width; a"
              + " {@code byte[]} of an\narray whose element type is not known holds its"
              + " bytes.\n");
    }
    if (event.members().stream()
        .anyMatch(m -> !m.javaName().equals(m.fieldName()))) {
      String suffix = shape.clashSuffix();
      javadoc.add(
          "\n<p>$L named like one of the first six components has {@code $L} appended"
              + " ({@code pid}\nis {@code pid$L}); one named like a Java keyword or an {@code"
              + " Object} method has {@code $L}\nappended.\n",
          shape.memberNoun(),
          suffix,
          suffix,
          JavaNames.KEYWORD_SUFFIX);
    }
    if (!event.omitted().isEmpty()) {
      javadoc.add("\n<p>Fields left out:\n\n<ul>\n");
      for (String omitted : event.omitted()) {
        javadoc.add("  <li>$L\n", omitted);
      }
      javadoc.add("</ul>\n");
    }
    javadoc.add("\n");
    for (HeaderField field : HeaderField.values()) {
      if (field.isComponent()) {
        component(constructor, javadoc, field.type().javaType(), field.javaName(),
            field.description(shape.timestampMoment(), shape.headerSubject()));
      }
    }
    for (EventMember member : event.members()) {
      component(constructor, javadoc, member.type().javaType(), member.javaName(),
          member.description());
    }
    if (event.stacks()) {
      component(constructor, javadoc, EVENT_STACKS, STACKS_COMPONENT,
          "the call stacks the probe captured, by id; resolved by {@link #kernelStack()} and"
              + " {@link #userStack()}");
    }
    TypeSpec.Builder record =
        TypeSpec.recordBuilder(event.record())
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(javadoc.build())
            .recordConstructor(constructor.build());
    if (event.stacks()) {
      record.addMethod(stackMethod("kernelStack", "kernel", "The kernel stack at the probe"));
      record.addMethod(
          stackMethod("userStack", "user", "The user-space stack of the thread the probe hit"));
    }
    generated.ifPresent(record::addAnnotation);
    return record.build();
  }

  /** The component of a record whose probes take stacks. */
  static final String STACKS_COMPONENT = "stacks";

  private static final ClassName EVENT_STACKS = ClassName.get(EventStacks.class);

  /** {@code kernelStack()} or {@code userStack()}: the stack, resolved on first call. */
  private static MethodSpec stackMethod(String name, String delegate, String summary) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .returns(StackTrace.class)
        .addJavadoc(
            "$L, innermost frame first, resolved to symbols on the first call and cached;\n"
                + "{@link $T#none} with the reason if the probe captured none.\n",
            summary, StackTrace.class)
        .addStatement("return $N.$N()", STACKS_COMPONENT, delegate)
        .build();
  }

  private static void component(
      MethodSpec.Builder constructor,
      CodeBlock.Builder javadoc,
      TypeName type,
      String name,
      String description) {
    constructor.addParameter(ParameterSpec.builder(type, name).build());
    javadoc.add("@param $L $L\n", name, description);
  }
}
