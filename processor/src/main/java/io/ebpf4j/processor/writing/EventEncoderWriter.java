package io.ebpf4j.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import io.ebpf4j.api.internal.Encoding;
import io.ebpf4j.api.internal.EventEncoder;
import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.shape.HandlerProgram;
import io.ebpf4j.processor.shape.ProbeMethod;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@link EventEncoder} of a handler class: for each streaming probe, a method that
 * writes a record at the offsets its decoder reads, so that a test can feed records through the
 * real dispatcher, decoding included. A class of its own, so the program stays as it is.
 */
public final class EventEncoderWriter {

  private static final ClassName VALUE_LAYOUT = ClassName.get(ValueLayout.class);
  private static final ClassName EVENT_HEADER = ClassName.get(EventHeader.class);
  private static final ClassName ENCODING = ClassName.get(Encoding.class);

  private EventEncoderWriter() {}

  /** {@code com.example.NetProbes_Ebpf4jEncoder}. */
  public static ClassName encoderClass(HandlerProgram program) {
    return companion(program, ProgramConventions.ENCODER_CLASS_SUFFIX);
  }

  /** The class named as the program, with {@code suffix} in place of its own. */
  static ClassName companion(HandlerProgram program, String suffix) {
    String programName = program.programClass().simpleName();
    return ClassName.get(
        program.handler().packageName(),
        programName.substring(
                0, programName.length() - ProgramConventions.PROGRAM_CLASS_SUFFIX.length())
            + suffix);
  }

  public static TypeSpec write(HandlerProgram program, Optional<AnnotationSpec> generated) {
    List<ProbeMethod> streaming =
        program.probes().stream().filter(p -> !p.aggregates()).toList();
    CodeBlock.Builder types = CodeBlock.builder();
    CodeBlock.Builder encodes = CodeBlock.builder();
    for (ProbeMethod probe : streaming) {
      types.add("case $L -> $T.of($T.class);\n", probe.id(), Optional.class, probe.event().record());
      encodes.add(
          "case $L -> {\n$>return $N(record, allocator);\n$<}\n", probe.id(), encodeMethod(probe));
    }
    types.add("default -> $T.empty();\n", Optional.class);
    encodes.add(
        "default -> throw new $T($S + probeId + $S);\n",
        IllegalArgumentException.class,
        "probe ",
        " of " + program.canonicalName() + " streams no events");
    TypeName classOfAny =
        ParameterizedTypeName.get(
            ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class));
    TypeSpec.Builder type =
        TypeSpec.classBuilder(encoderClass(program))
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(EventEncoder.class)
            .addJavadoc(
                "Encodes the events of {@link $T} as its probes write them, for tests.\n",
                program.handler())
            .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build())
            .addMethod(
                MethodSpec.methodBuilder("recordType")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(ParameterizedTypeName.get(ClassName.get(Optional.class), classOfAny))
                    .addParameter(int.class, "probeId")
                    .addCode("return switch (probeId) {\n$>$L$<};\n", types.build())
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("encode")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(MemorySegment.class)
                    .addParameter(int.class, "probeId")
                    .addParameter(Object.class, "record")
                    .addParameter(SegmentAllocator.class, "allocator")
                    // A statement: a class of @Aggregate probes only has no case that returns.
                    .addCode("switch (probeId) {\n$>$L$<}\n", encodes.build())
                    .build());
    generated.ifPresent(type::addAnnotation);
    for (ProbeMethod probe : streaming) {
      type.addMethod(encode(probe));
    }
    return type.build();
  }

  private static String encodeMethod(ProbeMethod probe) {
    return "encode" + probe.id();
  }

  private static MethodSpec encode(ProbeMethod probe) {
    EventType event = probe.event();
    EventLayout layout = probe.layout();
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(encodeMethod(probe))
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(MemorySegment.class)
            .addParameter(Object.class, "record")
            .addParameter(SegmentAllocator.class, "allocator");
    // A KernelCall<A>'s members are A's components; the raw cast, then A's, is the one way in.
    TypeName recordType =
        event.arguments().isPresent()
            ? ParameterizedTypeName.get(event.record(), WildcardTypeName.subtypeOf(Object.class))
            : event.record();
    method.addStatement("$T r = ($T) record", recordType, recordType);
    String members = "r";
    if (event.arguments().isPresent()) {
      method.addStatement("$T args = ($T) r.args()", event.arguments().get(), event.arguments().get());
      members = "args";
    }
    // Zeroed, as the kernel's reserved record is not: the padding then compares equal in tests.
    method.addStatement("$T event = allocator.allocate($L, 8)", MemorySegment.class, layout.size());
    method.addStatement("event.fill((byte) 0)");
    for (HeaderField field : HeaderField.values()) {
      CodeBlock offset = CodeBlock.of("$T.$N", EVENT_HEADER, field.offsetConstant());
      CodeBlock value =
          field.isComponent()
              ? CodeBlock.of("r.$N()", field.javaName())
              : CodeBlock.of("$L", probe.id());
      method.addCode(
          write(field.type(), offset, value, field.javaName(),
              CodeBlock.of("$T.$N", EVENT_HEADER, field.lengthConstant())));
    }
    List<EventMember> list = event.members();
    for (int i = 0; i < list.size(); i++) {
      EventMember member = list.get(i);
      method.addCode(
          write(
              member.type(),
              CodeBlock.of("$L", layout.offsets().get(i)),
              CodeBlock.of("$N.$N()", members, member.javaName()),
              member.javaName(),
              CodeBlock.of("$L", member.type().capacity(layout.stringSize()))));
    }
    return method.addStatement("return event").build();
  }

  /** The statement that writes {@code value} at {@code offset}: the inverse of the decoder's read. */
  private static CodeBlock write(
      MemberType type, CodeBlock offset, CodeBlock value, String name, CodeBlock capacity) {
    ValueKind kind = type.kind();
    return switch (type.shape()) {
      case SCALAR ->
          kind == ValueKind.BOOLEAN
              ? CodeBlock.of(
                  "event.set($T.$N, $L, (byte) ($L ? 1 : 0));\n",
                  VALUE_LAYOUT, kind.layoutConstant(), offset, value)
              : CodeBlock.of(
                  "event.set($T.$N, $L, $L);\n", VALUE_LAYOUT, kind.layoutConstant(), offset, value);
      case STRING -> CodeBlock.of("$T.cString(event, $L, $L, $L);\n", ENCODING, offset, capacity, value);
      case ARRAY ->
          CodeBlock.builder()
              .addStatement(
                  "$T.checkLength($S, $L.length, $L)", ENCODING, name, value, type.length())
              .addStatement(
                  "$T.copy($L, 0, event, $T.$N, $L, $L)",
                  MemorySegment.class,
                  value,
                  VALUE_LAYOUT,
                  kind.arrayLayoutConstant(),
                  offset,
                  type.length())
              .build();
    };
  }
}
