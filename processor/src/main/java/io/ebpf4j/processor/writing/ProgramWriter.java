package io.ebpf4j.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.Decoding;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.api.internal.StackSource;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.shape.HandlerProgram;
import io.ebpf4j.processor.shape.ProbeMethod;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@link ProbeProgram} of a handler class. Its dispatcher reads the probe id, decodes
 * the event in a static method per probe at the {@link EventLayout} offsets, and calls the handler
 * method directly: no reflection, no boxing, nothing allocated but the record and its string.
 */
public final class ProgramWriter {

  private static final ClassName LIST = ClassName.get(List.class);
  private static final ClassName PROBE_SPEC = ClassName.get(ProbeSpec.class);
  private static final ClassName ATTACH = ClassName.get(AttachPoint.class);
  private static final ClassName VALUE_LAYOUT = ClassName.get(ValueLayout.class);
  private static final ClassName EVENT_HEADER = ClassName.get(EventHeader.class);
  private static final String PROBES_FIELD = "PROBES";
  private static final ClassName STACK_SOURCE = ClassName.get(StackSource.class);
  private static final String STACKS_PARAMETER = "stacks";

  private ProgramWriter() {}

  /**
   * @param recordsToJfr whether the handler class is marked {@code @JfrEvents}, and {@link
   *     JfrEventWriter} writes its committer
   */
  public static TypeSpec write(
      HandlerProgram program, Optional<AnnotationSpec> generated, boolean recordsToJfr) {
    TypeName handler = handlerType(program);
    TypeSpec.Builder type =
        TypeSpec.classBuilder(program.programClass())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(ParameterizedTypeName.get(ClassName.get(ProbeProgram.class), handler))
            .addJavadoc(
                "The ebpf4j program of {@link $T}: its BPF source, probes and dispatcher.\n",
                program.handler())
            .addField(probesField(program))
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build())
            .addMethod(handlerTypeMethod(program, handler))
            .addMethod(
                override("bpfSourceResource", ClassName.get(String.class))
                    .addStatement("return $S", program.bpfResourcePath())
                    .build())
            .addMethod(
                override("probes", ParameterizedTypeName.get(LIST, PROBE_SPEC))
                    .addStatement("return $N", PROBES_FIELD)
                    .build())
            .addMethods(dispatchers(program, handler))
            .addMethod(newHandler(program, handler));
    generated.ifPresent(type::addAnnotation);
    if (recordsToJfr) {
      type.addMethod(
          override("recordsToJfr", TypeName.BOOLEAN).addStatement("return true").build());
    }
    List<ProbeMethod> streaming =
        program.probes().stream().filter(p -> !p.aggregates()).toList();
    for (ProbeMethod probe : streaming) {
      type.addFields(offsetFields(probe));
    }
    for (ProbeMethod probe : streaming) {
      type.addMethod(decode(probe));
    }
    AggregateProgramWriter.addTo(type, program, handler);
    return type.build();
  }

  /** The handler class, with a wildcard for each type parameter it has. */
  private static TypeName handlerType(HandlerProgram program) {
    if (program.typeParameters() == 0) {
      return program.handler();
    }
    return ParameterizedTypeName.get(
        program.handler(),
        Collections.nCopies(program.typeParameters(), WildcardTypeName.subtypeOf(Object.class))
            .toArray(TypeName[]::new));
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns);
  }

  private static FieldSpec probesField(HandlerProgram program) {
    List<CodeBlock> specs = new ArrayList<>();
    for (ProbeMethod probe : program.probes()) {
      specs.add(
          CodeBlock.of(
              "new $T($L, $S,\n$>$L,\n$L,\n$L)$<",
              PROBE_SPEC,
              probe.id(),
              probe.description(),
              attachList(probe.preferred()),
              attachList(probe.fallback()),
              probe.layout().size()));
    }
    return FieldSpec.builder(
            ParameterizedTypeName.get(LIST, PROBE_SPEC),
            PROBES_FIELD,
            Modifier.PRIVATE,
            Modifier.STATIC,
            Modifier.FINAL)
        .initializer("$T.of(\n$>$L$<)", LIST, CodeBlock.join(specs, ",\n"))
        .build();
  }

  /** {@code List.of(AttachPoint.syscallEntry("ebpf4j_kprobe_0", "bind"))}. */
  private static CodeBlock attachList(List<AttachPoint> attaches) {
    List<CodeBlock> each = new ArrayList<>();
    for (AttachPoint a : attaches) {
      each.add(
          switch (a.kind()) {
            case KPROBE -> factory(a.syscall() ? "syscallEntry" : "kprobe", a);
            case KRETPROBE -> factory(a.syscall() ? "syscallReturn" : "kretprobe", a);
            case TRACEPOINT -> factory("tracepoint", a);
            case PERF_EVENT -> {
              int at = a.target().lastIndexOf('@');
              yield CodeBlock.of(
                  "$T.perfEvent($S, $S, $L)",
                  ATTACH,
                  a.bpfFunction(),
                  a.target().substring(0, at),
                  a.target().substring(at + 1));
            }
            case UPROBE, URETPROBE ->
                CodeBlock.of(
                    "$T.$N($S, $S, $S, $L)",
                    ATTACH,
                    a.kind() == AttachKind.UPROBE ? "uprobe" : "uretprobe",
                    a.bpfFunction(),
                    a.binary(),
                    a.target(),
                    a.pid());
            case USDT ->
                CodeBlock.of("$T.usdt($S, $S, $S, $L)", ATTACH, a.bpfFunction(), a.binary(),
                    a.target(), a.pid());
          });
    }
    return CodeBlock.of("$T.of($L)", LIST, CodeBlock.join(each, ", "));
  }

  private static CodeBlock factory(String method, AttachPoint a) {
    return CodeBlock.of("$T.$N($S, $S)", ATTACH, method, a.bpfFunction(), a.target());
  }

  private static MethodSpec handlerTypeMethod(HandlerProgram program, TypeName handler) {
    MethodSpec.Builder method =
        override("handlerType", ParameterizedTypeName.get(ClassName.get(Class.class), handler));
    if (program.typeParameters() == 0) {
      return method.addStatement("return $T.class", program.handler()).build();
    }
    return method
        .addAnnotation(
            AnnotationSpec.builder(SuppressWarnings.class)
                .addMember("value", "$S", "unchecked")
                .build())
        .addStatement(
            "return ($T) ($T<?>) $T.class",
            ParameterizedTypeName.get(ClassName.get(Class.class), handler),
            Class.class,
            program.handler())
        .build();
  }

  /** Whether a streaming probe of {@code program} takes stacks. */
  private static boolean streamsStacks(HandlerProgram program) {
    return program.probes().stream().anyMatch(p -> !p.aggregates() && p.hasStacks());
  }

  /**
   * The dispatcher: without stacks, {@code dispatcherFor(handler)}; with them, {@code
   * dispatcherFor(handler, stacks)} as well, which the one-argument form calls with none.
   */
  private static List<MethodSpec> dispatchers(HandlerProgram program, TypeName handler) {
    if (!streamsStacks(program)) {
      return List.of(dispatcherFor(program, handler));
    }
    MethodSpec withoutStacks =
        override("dispatcherFor", ClassName.get(EventDispatcher.class))
            .addParameter(handler, "handler")
            .addStatement("return dispatcherFor(handler, $T.NONE)", STACK_SOURCE)
            .build();
    return List.of(withoutStacks, dispatcherFor(program, handler));
  }

  private static MethodSpec dispatcherFor(HandlerProgram program, TypeName handler) {
    boolean stacks = streamsStacks(program);
    CodeBlock.Builder cases = CodeBlock.builder();
    for (ProbeMethod probe : program.probes()) {
      if (probe.aggregates()) {
        continue; // it writes no events
      }
      if (probe.hasStacks()) {
        cases.addStatement(
            "case $L -> handler.$N($N(event, $N))", probe.id(), probe.methodName(),
            probe.decodeMethod(), STACKS_PARAMETER);
      } else {
        cases.addStatement(
            "case $L -> handler.$N($N(event))", probe.id(), probe.methodName(),
            probe.decodeMethod());
      }
    }
    cases.addStatement(
        "default -> throw new $T($S + probeId + $S)",
        IllegalArgumentException.class,
        "unknown probe id ",
        " in an event for " + program.canonicalName());
    MethodSpec.Builder method =
        override("dispatcherFor", ClassName.get(EventDispatcher.class))
            .addParameter(handler, "handler");
    if (stacks) {
      method
          .addParameter(STACK_SOURCE, STACKS_PARAMETER)
          .addStatement("$T.requireNonNull($N, $S)", Objects.class, STACKS_PARAMETER,
              STACKS_PARAMETER);
    }
    return method
        .addStatement("$T.requireNonNull(handler, $S)", Objects.class, "handler")
        .addCode("return event -> {\n$>")
        .addStatement(
            "int probeId = $L", read(HeaderField.PROBE_ID.type(), headerOffset(HeaderField.PROBE_ID),
                null))
        .beginControlFlow("switch (probeId)")
        .addCode(cases.build())
        .endControlFlow()
        .addCode("$<};\n")
        .build();
  }

  private static MethodSpec newHandler(HandlerProgram program, TypeName handler) {
    MethodSpec.Builder method = override("newHandler", handler);
    if (program.instantiable()) {
      return method
          .addStatement(
              program.typeParameters() == 0 ? "return new $T()" : "return new $T<>()",
              program.handler())
          .build();
    }
    return method
        .addStatement(
            "throw new $T($S)",
            UnsupportedOperationException.class,
            Messages.cannotInstantiate(program.canonicalName()))
        .build();
  }

  /**
   * The offset of each member of {@code probe}'s event, as a constant the decoder names: {@code
   * probe0$fd$OFFSET}, as jextract names a struct's {@code fd$OFFSET}.
   */
  private static List<FieldSpec> offsetFields(ProbeMethod probe) {
    List<FieldSpec> fields = new ArrayList<>();
    List<EventMember> members = probe.event().members();
    for (int i = 0; i < members.size(); i++) {
      fields.add(
          FieldSpec.builder(
                  long.class,
                  offsetName(probe, members.get(i)),
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .initializer("$L", probe.layout().offsets().get(i))
              .build());
    }
    if (probe.hasStacks()) {
      fields.add(
          FieldSpec.builder(
                  long.class, stackIdsOffsetName(probe), Modifier.PRIVATE, Modifier.STATIC,
                  Modifier.FINAL)
              .initializer("$L", probe.stackIdsOffset())
              .build());
    }
    return fields;
  }

  /** The offset of the kernel stack id; the user stack id's is 4 bytes on. */
  private static String stackIdsOffsetName(ProbeMethod probe) {
    return "probe" + probe.id() + "$stackIds$OFFSET";
  }

  /**
   * {@code stacks.stacks(pid, kernelId, userId)}, each id read from the event if the probe takes
   * that stack and {@link EventStacks#NOT_REQUESTED} if not.
   */
  private static CodeBlock stacks(ProbeMethod probe) {
    CodeBlock kernel =
        probe.stacks().contains(Stack.KERNEL)
            ? CodeBlock.of("event.get($T.JAVA_INT, $N)", VALUE_LAYOUT, stackIdsOffsetName(probe))
            : CodeBlock.of("$T.NOT_REQUESTED", EventStacks.class);
    CodeBlock user =
        probe.stacks().contains(Stack.USER)
            ? CodeBlock.of(
                "event.get($T.JAVA_INT, $N + 4)", VALUE_LAYOUT, stackIdsOffsetName(probe))
            : CodeBlock.of("$T.NOT_REQUESTED", EventStacks.class);
    return CodeBlock.of(
        "$N.stacks($L, $L, $L)", STACKS_PARAMETER,
        read(HeaderField.PID.type(), headerOffset(HeaderField.PID), null), kernel, user);
  }

  private static String offsetName(ProbeMethod probe, EventMember member) {
    return "probe" + probe.id() + "$" + member.javaName() + "$OFFSET";
  }

  private static CodeBlock headerOffset(HeaderField field) {
    return CodeBlock.of("$T.$N", EVENT_HEADER, field.offsetConstant());
  }

  private static MethodSpec decode(ProbeMethod probe) {
    EventType event = probe.event();
    EventLayout layout = probe.layout();
    List<CodeBlock> values = new ArrayList<>();
    for (HeaderField field : HeaderField.values()) {
      if (field.isComponent()) {
        values.add(
            read(field.type(), headerOffset(field),
                CodeBlock.of("$T.$N", EVENT_HEADER, field.lengthConstant())));
      }
    }
    List<CodeBlock> members = new ArrayList<>();
    for (EventMember member : event.members()) {
      MemberType type = member.type();
      members.add(
          read(type, CodeBlock.of("$N", offsetName(probe, member)),
              CodeBlock.of("$L", type.capacity(layout.stringSize()))));
    }
    if (event.arguments().isPresent()) {
      values.add(
          CodeBlock.of(
              "new $T(\n$>$L$<)", event.arguments().get(), CodeBlock.join(members, ",\n")));
    } else {
      values.addAll(members);
    }
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(probe.decodeMethod())
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(event.javaType())
            .addParameter(MemorySegment.class, "event");
    if (event.stacks() != probe.hasStacks()) {
      // Validation refuses a record shared by probes with and without stacks.
      throw new IllegalStateException(probe.description() + ": stacks differ from its record's");
    }
    if (probe.hasStacks()) {
      method.addParameter(STACK_SOURCE, STACKS_PARAMETER);
      values.add(stacks(probe));
    }
    return method
        .beginControlFlow("if (event.byteSize() < $L)", layout.size())
        .addStatement(
            "throw new $T($S + event.byteSize() + $S)",
            IllegalArgumentException.class,
            "an event of ",
            " bytes is shorter than the "
                + layout.size()
                + " bytes of probe "
                + probe.id()
                + ", "
                + probe.description())
        .endControlFlow()
        .addStatement(
            event.arguments().isPresent() ? "return new $T<>(\n$>$L$<)" : "return new $T(\n$>$L$<)",
            event.record(),
            CodeBlock.join(values, ",\n"))
        .build();
  }

  /**
   * Reads one member at {@code offset}; a string holds {@code capacity} bytes, an array {@code
   * type.length()} elements.
   */
  static CodeBlock read(MemberType type, CodeBlock offset, CodeBlock capacity) {
    ValueKind kind = type.kind();
    return switch (type.shape()) {
      case SCALAR -> {
        CodeBlock read =
            CodeBlock.of("event.get($T.$N, $L)", VALUE_LAYOUT, kind.layoutConstant(), offset);
        yield kind == ValueKind.BOOLEAN ? CodeBlock.of("$L != 0", read) : read;
      }
      case STRING -> CodeBlock.of("$T.cString(event, $L, $L)", Decoding.class, offset, capacity);
      case ARRAY ->
          CodeBlock.of(
              "event.asSlice($L, $L).toArray($T.$N)",
              offset,
              type.size(0),
              VALUE_LAYOUT,
              kind.arrayLayoutConstant());
    };
  }
}
