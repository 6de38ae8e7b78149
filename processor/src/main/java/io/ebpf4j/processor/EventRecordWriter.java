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

/** Writes a generated event record: a system call's entry, return or call, or a tracepoint's. */
final class EventRecordWriter {

  private EventRecordWriter() {}

  static TypeSpec write(EventType event, Optional<AnnotationSpec> generated) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    CodeBlock.Builder javadoc = CodeBlock.builder();
    javadoc.add("$L\n", event.summary());
    boolean tracepoint = event.origin().startsWith(ProbeKind.TRACEPOINT.annotation());
    boolean kernelAddresses =
        tracepoint
            && !event.entryFormat().orElseThrow().category().equals(SyscallCatalog.CATEGORY);
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
        .anyMatch(m -> !m.javaName().equals(sourceName(m)))) {
      String suffix = tracepoint ? JavaNames.FIELD_CLASH_SUFFIX : JavaNames.CONTEXT_CLASH_SUFFIX;
      javadoc.add(
          "\n<p>$L named like one of the first six components has {@code $L} appended"
              + " ({@code pid}\nis {@code pid$L}); one named like a Java keyword or an {@code"
              + " Object} method has {@code $L}\nappended.\n",
          tracepoint ? "A field" : "An argument",
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
    String at = event.origin().startsWith(ProbeKind.SYSCALL_RETURN.annotation())
        && event.entryFormat().isEmpty() ? "return" : "entry";
    component(constructor, javadoc, TypeName.LONG, "timestampNanos",
        "{@code bpf_ktime_get_ns()} at " + (tracepoint ? "the hit" : at)
            + ": nanoseconds since boot, not counting suspend");
    component(constructor, javadoc, TypeName.INT, "pid",
        tracepoint ? "the current process (thread group id)"
            : "the calling process (thread group id)");
    component(constructor, javadoc, TypeName.INT, "tid",
        tracepoint ? "the current thread" : "the calling thread");
    String thread = tracepoint ? "the current thread's" : "the calling thread's";
    component(constructor, javadoc, TypeName.INT, "uid", thread + " user id");
    component(constructor, javadoc, TypeName.INT, "gid", thread + " group id");
    component(constructor, javadoc, ClassName.get(String.class), "comm",
        thread + " command name, at most 15 bytes");
    for (EventMember member : event.members()) {
      component(constructor, javadoc, member.type().javaType(), member.javaName(),
          member.description());
    }
    TypeSpec.Builder record =
        TypeSpec.recordBuilder(event.record())
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(javadoc.build())
            .recordConstructor(constructor.build());
    generated.ifPresent(record::addAnnotation);
    return record.build();
  }

  /** The name the member has in its format, or its own for the members ebpf4j adds. */
  private static String sourceName(EventMember member) {
    return member.source().field() != null
        ? member.source().field().name()
        : fieldNameOf(member);
  }

  private static String fieldNameOf(EventMember member) {
    String d = member.description();
    if (d.startsWith("{@code ") && d.endsWith("}")) {
      String declaration = d.substring(7, d.length() - 1);
      return declaration.substring(declaration.lastIndexOf(' ') + 1);
    }
    return member.javaName();
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
