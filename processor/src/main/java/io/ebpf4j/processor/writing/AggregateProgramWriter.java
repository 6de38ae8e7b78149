package io.ebpf4j.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.internal.AggregateSpec;
import io.ebpf4j.api.internal.Decoding;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.shape.AggregateC;
import io.ebpf4j.processor.shape.AggregateKey;
import io.ebpf4j.processor.shape.Aggregation;
import io.ebpf4j.processor.shape.HandlerProgram;
import io.ebpf4j.processor.shape.ProbeMethod;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/**
 * Writes what a program with {@code @Aggregate} probes has besides the dispatcher: the specs the
 * runtime reads their maps by, the decoders of their keys, and the calls of their methods; and
 * the key records themselves.
 */
public final class AggregateProgramWriter {

  private static final ClassName LIST = ClassName.get(List.class);
  private static final ClassName SPEC = ClassName.get(AggregateSpec.class);
  private static final ClassName KIND = ClassName.get(Aggregate.Kind.class);
  private static final ClassName VALUE_LAYOUT = ClassName.get(ValueLayout.class);
  private static final String AGGREGATES_FIELD = "AGGREGATES";

  private AggregateProgramWriter() {}

  /** Adds the aggregate methods to {@code type}, if {@code program} has aggregating probes. */
  static void addTo(TypeSpec.Builder type, HandlerProgram program, TypeName handler) {
    List<ProbeMethod> aggregating =
        program.probes().stream().filter(ProbeMethod::aggregates).toList();
    if (aggregating.isEmpty()) {
      return;
    }
    List<CodeBlock> specs = new ArrayList<>();
    CodeBlock.Builder keyCases = CodeBlock.builder();
    CodeBlock.Builder deliverCases = CodeBlock.builder();
    for (ProbeMethod probe : aggregating) {
      AggregateSpec s = AggregateC.spec(probe);
      specs.add(
          CodeBlock.of("new $T($L, $S, $S, $T.$N, $L, $L, $L, $L, $LL, $LL, $LL, $L)", SPEC,
              s.probeId(), s.method(), s.map(), KIND, s.kind().name(), s.keyed(), s.keySize(),
              s.valueSize(), s.slots(), s.linearMin(), s.linearStep(), s.intervalMillis(),
              s.reset()));
      Aggregation aggregation = probe.aggregation().orElseThrow();
      if (aggregation.keyRecord().isPresent()) {
        keyCases.addStatement("case $L -> $N(key)", probe.id(), probe.decodeKeyMethod());
        type.addMethod(decodeKey(probe, aggregation));
      }
      TypeName parameter = aggregation.parameterType();
      TypeName cast = parameter.equals(TypeName.LONG) ? ClassName.get(Long.class) : parameter;
      deliverCases.addStatement(
          "case $L -> handler.$N(($T) aggregate)", probe.id(), probe.methodName(), cast);
    }
    keyCases.addStatement("default -> null");
    deliverCases.addStatement(
        "default -> throw new $T($S + probeId)", IllegalArgumentException.class,
        "no aggregate for probe ");
    type.addField(
        FieldSpec.builder(ParameterizedTypeName.get(LIST, SPEC), AGGREGATES_FIELD,
                Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$T.of(\n$>$L$<)", LIST, CodeBlock.join(specs, ",\n"))
            .build());
    type.addMethod(
        override("aggregates", ParameterizedTypeName.get(LIST, SPEC))
            .addStatement("return $N", AGGREGATES_FIELD)
            .build());
    type.addMethod(
        override("decodeKey", ClassName.get(Object.class))
            .addParameter(int.class, "probeId")
            .addParameter(MemorySegment.class, "key")
            .addCode("return switch (probeId) {\n$>")
            .addCode(keyCases.build())
            .addCode("$<};\n")
            .build());
    type.addMethod(
        override("deliverAggregate", TypeName.VOID)
            .addAnnotation(
                AnnotationSpec.builder(SuppressWarnings.class)
                    .addMember("value", "$S", "unchecked")
                    .build())
            .addException(Exception.class)
            .addParameter(handler, "handler")
            .addParameter(int.class, "probeId")
            .addParameter(Object.class, "aggregate")
            .beginControlFlow("switch (probeId)")
            .addCode(deliverCases.build())
            .endControlFlow()
            .build());
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns);
  }

  /** Reads the key record from the C key struct, at {@link Aggregation#keyOffsets()}. */
  private static MethodSpec decodeKey(ProbeMethod probe, Aggregation aggregation) {
    List<CodeBlock> values = new ArrayList<>();
    List<Aggregation.Field> keys = aggregation.keys();
    for (int i = 0; i < keys.size(); i++) {
      MemberType type = keys.get(i).type();
      int offset = aggregation.keyOffsets().get(i);
      values.add(
          switch (type.shape()) {
            case STRING ->
                CodeBlock.of("$T.cString(key, $L, $L)", Decoding.class, offset,
                    type.capacity(probe.layout().stringSize()));
            case SCALAR -> {
              CodeBlock read =
                  CodeBlock.of("key.get($T.$N, $L)", VALUE_LAYOUT, type.kind().layoutConstant(),
                      offset);
              yield type.kind() == ValueKind.BOOLEAN ? CodeBlock.of("$L != 0", read) : read;
            }
            case ARRAY -> throw new IllegalStateException("an array key: " + keys.get(i));
          });
    }
    ClassName record = aggregation.keyRecord().orElseThrow();
    return MethodSpec.methodBuilder(probe.decodeKeyMethod())
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(record)
        .addParameter(MemorySegment.class, "key")
        .addStatement("return new $T(\n$>$L$<)", record, CodeBlock.join(values, ",\n"))
        .build();
  }

  /** The key record {@code key}: its fields' names and Java types, in order. */
  public static TypeSpec keyRecord(AggregateKey key, Optional<AnnotationSpec> generated) {
    ClassName name = key.name();
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    CodeBlock.Builder javadoc = CodeBlock.builder();
    javadoc.add(
        "The key of an {@code @Aggregate} of {@link $T} by {@code $L}: one entry of the aggregate"
            + " per distinct\nvalue.\n\n",
        key.origin(),
        String.join(", ", key.fields().stream().map(Aggregation.Field::javaName).toList()));
    for (Aggregation.Field field : key.fields()) {
      constructor.addParameter(
          ParameterSpec.builder(field.type().javaType(), field.javaName()).build());
      javadoc.add("@param $L as in {@link $T#$L()}\n", field.javaName(), key.origin(),
          field.javaName());
    }
    TypeSpec.Builder record =
        TypeSpec.recordBuilder(name)
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc(javadoc.build())
            .recordConstructor(constructor.build());
    generated.ifPresent(record::addAnnotation);
    return record.build();
  }
}
