package io.ebpf4j.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** Writes the event record of a system call. */
final class EventRecordWriter {

  private EventRecordWriter() {}

  static TypeSpec write(EventType event, Optional<AnnotationSpec> generated) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    CodeBlock.Builder javadoc = CodeBlock.builder();
    javadoc.add(
        "An entry to the {@code $L} system call, from the tracepoint format {@code $L}.\n",
        event.syscall(),
        event.format().relativePath());
    javadoc.add(
        "\n<p>Pointers are user-space addresses. Unsigned C types keep their width and bits: read"
            + " an\n{@code unsigned int} with {@link Integer#toUnsignedLong}.\n");
    if (event.arguments().stream().anyMatch(a -> !a.javaName().equals(a.field().name()))) {
      javadoc.add(
          "\n<p>An argument named like one of the first six components has {@code $L} appended"
              + " ({@code pid}\nis {@code pid$L}); one named like a Java keyword or an {@code"
              + " Object} method has {@code $L}\nappended.\n",
          JavaNames.CONTEXT_CLASH_SUFFIX,
          JavaNames.CONTEXT_CLASH_SUFFIX,
          JavaNames.KEYWORD_SUFFIX);
    }
    javadoc.add("\n");
    component(constructor, javadoc, TypeName.LONG, "timestampNanos",
        "{@code bpf_ktime_get_ns()} at entry: nanoseconds since boot, not counting suspend");
    component(constructor, javadoc, TypeName.INT, "pid", "the calling process (thread group id)");
    component(constructor, javadoc, TypeName.INT, "tid", "the calling thread");
    component(constructor, javadoc, TypeName.INT, "uid", "the calling thread's user id");
    component(constructor, javadoc, TypeName.INT, "gid", "the calling thread's group id");
    component(constructor, javadoc, ClassName.get(String.class), "comm",
        "the calling thread's command name, at most 15 bytes");
    for (EventArgument argument : event.arguments()) {
      component(
          constructor,
          javadoc,
          argument.type().kind().javaType(),
          argument.javaName(),
          CodeBlock.of("{@code $L}", argument.field().declaration()).toString());
    }
    TypeSpec.Builder record =
        TypeSpec.recordBuilder(event.name())
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(javadoc.build())
            .recordConstructor(constructor.build());
    generated.ifPresent(record::addAnnotation);
    return record.build();
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
