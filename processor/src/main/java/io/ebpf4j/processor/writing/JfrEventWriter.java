package io.ebpf4j.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.api.internal.JfrCommitter;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.model.RecordSource;
import io.ebpf4j.processor.shape.HandlerProgram;
import io.ebpf4j.processor.shape.ProbeMethod;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the {@link JfrCommitter} of a handler class marked {@code @JfrEvents}: one nested {@code
 * jdk.jfr.Event} class per event record ({@code ebpf4j.BindEvent}, category {@code Kernel /
 * ebpf4j}), and a commit method per streaming probe that fills one from the event's bytes.
 *
 * <p>The check comes first: while no recording has the event enabled, the commit reads one flag of
 * its {@code jdk.jfr.EventType} and allocates nothing. The JFR classes are written in a class of
 * their own, only for classes that ask, so that no other handler's code refers to {@code jdk.jfr}.
 */
public final class JfrEventWriter {

  private static final String JFR = "jdk.jfr";
  private static final ClassName EVENT = ClassName.get(JFR, "Event");
  private static final ClassName EVENT_TYPE = ClassName.get(JFR, "EventType");
  private static final ClassName NAME = ClassName.get(JFR, "Name");
  private static final ClassName LABEL = ClassName.get(JFR, "Label");
  private static final ClassName DESCRIPTION = ClassName.get(JFR, "Description");
  private static final ClassName CATEGORY = ClassName.get(JFR, "Category");
  private static final ClassName STACK_TRACE = ClassName.get(JFR, "StackTrace");
  private static final ClassName UNSIGNED = ClassName.get(JFR, "Unsigned");
  private static final ClassName TIMESPAN = ClassName.get(JFR, "Timespan");
  private static final ClassName EVENT_HEADER = ClassName.get(EventHeader.class);

  /** The field that names the handler method; every JFR event of ebpf4j has it. */
  static final String PROBE_FIELD = "probe";

  /** Names a field may not take: {@code jdk.jfr.Event}'s implicit fields, and ours. */
  private static final Set<String> TAKEN =
      Set.of("startTime", "duration", "eventThread", "stackTrace", PROBE_FIELD);

  /** The JFR event names start with this: {@code ebpf4j.BindEvent}. */
  public static final String EVENT_NAME_PREFIX = "ebpf4j.";

  private JfrEventWriter() {}

  /** {@code com.example.NetProbes_Ebpf4jJfr}. */
  public static ClassName jfrClass(HandlerProgram program) {
    return EventEncoderWriter.companion(program, ProgramConventions.JFR_CLASS_SUFFIX);
  }

  public static TypeSpec write(HandlerProgram program, Optional<AnnotationSpec> generated) {
    ClassName self = jfrClass(program);
    // One event class per record; a KernelCall<A> is one per A.
    Map<String, ClassName> eventClasses = new LinkedHashMap<>();
    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(JfrCommitter.class)
            .addJavadoc(
                "Commits the events of {@link $T} as JDK Flight Recorder events.\n",
                program.handler());
    generated.ifPresent(type::addAnnotation);
    CodeBlock.Builder cases = CodeBlock.builder();
    for (ProbeMethod probe : program.probes()) {
      if (probe.aggregates()) {
        continue; // it streams no events
      }
      String name = eventName(probe.event());
      ClassName eventClass = eventClasses.get(name);
      if (eventClass == null) {
        eventClass = self.nestedClass(name + "Jfr");
        eventClasses.put(name, eventClass);
        type.addType(eventClass(eventClass, name, probe.event()));
        type.addField(
            FieldSpec.builder(EVENT_TYPE, typeField(name), Modifier.PRIVATE, Modifier.FINAL)
                .initializer("$T.getEventType($T.class)", EVENT_TYPE, eventClass)
                .build());
      }
      cases.add(
          "case $L -> {\n$>if ($N.isEnabled()) {\n$>$N(event);\n$<}\n$<}\n",
          probe.id(), typeField(name), commitMethod(probe));
      type.addMethod(commit(probe, eventClass));
    }
    cases.add("default -> {}\n"); // an @Aggregate probe's id, or an unknown one: not ours
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("Registers the event classes with the Flight Recorder.\n")
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("commit")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(MemorySegment.class, "event")
            .addStatement(
                "int probeId = event.get($T.JAVA_INT, $T.$N)",
                ValueLayout.class, EVENT_HEADER, HeaderField.PROBE_ID.offsetConstant())
            .beginControlFlow("switch (probeId)")
            .addCode(cases.build())
            .endControlFlow()
            .build());
    return type.build();
  }

  /** {@code BindEvent}; {@code KernelCallConnectArgs} for a {@code KernelCall<ConnectArgs>}. */
  private static String eventName(EventType event) {
    return event.arguments().map(a -> event.simpleName() + a.simpleName())
        .orElse(event.simpleName());
  }

  private static String typeField(String eventName) {
    return "type" + eventName;
  }

  private static String commitMethod(ProbeMethod probe) {
    return "commit" + probe.id();
  }

  private static TypeSpec eventClass(ClassName eventClass, String name, EventType event) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(eventClass)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .superclass(EVENT)
            .addJavadoc("$L\n", event.summary().isEmpty() ? event.origin() : event.summary())
            .addAnnotation(annotation(NAME, EVENT_NAME_PREFIX + name))
            .addAnnotation(annotation(LABEL, event.origin()))
            .addAnnotation(
                annotation(
                    DESCRIPTION,
                    plain(event.summary().isEmpty() ? event.origin() : event.summary())))
            .addAnnotation(
                AnnotationSpec.builder(CATEGORY)
                    .addMember("value", "{$S, $S}", "Kernel", "ebpf4j")
                    .build())
            // The delivery thread's stack says nothing about the kernel event.
            .addAnnotation(AnnotationSpec.builder(STACK_TRACE).addMember("value", "false").build());
    type.addField(
        FieldSpec.builder(String.class, PROBE_FIELD)
            .addAnnotation(annotation(LABEL, "Probe"))
            .addAnnotation(annotation(DESCRIPTION, "The handler method of the probe"))
            .build());
    String moment = event.source() instanceof RecordSource s ? s.timestampMoment() : "the hit";
    String subject = event.source() instanceof RecordSource s ? s.headerSubject() : "current";
    for (HeaderField field : HeaderField.values()) {
      if (!field.isComponent()) {
        continue;
      }
      boolean timestamp = field == HeaderField.TIMESTAMP;
      type.addField(
          FieldSpec.builder(field.type().javaType(), fieldName(field.javaName()))
              .addAnnotation(annotation(LABEL, timestamp ? "Kernel Timestamp" : field.javaName()))
              .addAnnotation(annotation(DESCRIPTION, plain(field.description(moment, subject))))
              .build());
    }
    for (EventMember member : event.members()) {
      if (member.type().shape() == MemberType.Shape.ARRAY) {
        continue; // JFR has no array fields
      }
      FieldSpec.Builder field =
          FieldSpec.builder(member.type().javaType(), fieldName(member.javaName()))
              .addAnnotation(annotation(LABEL, member.javaName()))
              .addAnnotation(annotation(DESCRIPTION, plain(member.description())));
      if (member.source().from() == EventMember.From.LATENCY) {
        field.addAnnotation(
            AnnotationSpec.builder(TIMESPAN).addMember("value", "$T.NANOSECONDS", TIMESPAN).build());
      } else if (member.type().unsigned() && member.type().shape() == MemberType.Shape.SCALAR) {
        field.addAnnotation(UNSIGNED);
      }
      type.addField(field.build());
    }
    return type.build();
  }

  private static String fieldName(String javaName) {
    return TAKEN.contains(javaName) ? javaName + "Field" : javaName;
  }

  private static MethodSpec commit(ProbeMethod probe, ClassName eventClass) {
    EventType event = probe.event();
    EventLayout layout = probe.layout();
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(commitMethod(probe))
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(MemorySegment.class, "event")
            .beginControlFlow("if (event.byteSize() < $L)", layout.size())
            .addStatement("return") // the dispatcher reports it
            .endControlFlow()
            .addStatement("$T e = new $T()", eventClass, eventClass)
            .addStatement("e.$N = $S", PROBE_FIELD, probe.description());
    for (HeaderField field : HeaderField.values()) {
      if (field.isComponent()) {
        method.addStatement(
            "e.$N = $L",
            fieldName(field.javaName()),
            ProgramWriter.read(
                field.type(),
                CodeBlock.of("$T.$N", EVENT_HEADER, field.offsetConstant()),
                CodeBlock.of("$T.$N", EVENT_HEADER, field.lengthConstant())));
      }
    }
    List<EventMember> members = event.members();
    for (int i = 0; i < members.size(); i++) {
      EventMember member = members.get(i);
      if (member.type().shape() == MemberType.Shape.ARRAY) {
        continue;
      }
      method.addStatement(
          "e.$N = $L",
          fieldName(member.javaName()),
          ProgramWriter.read(
              member.type(),
              CodeBlock.of("$L", layout.offsets().get(i)),
              CodeBlock.of("$L", member.type().capacity(layout.stringSize()))));
    }
    return method.addStatement("e.commit()").build();
  }

  private static AnnotationSpec annotation(ClassName type, String value) {
    return AnnotationSpec.builder(type).addMember("value", "$S", value).build();
  }

  /** Javadoc's {@code {@code int fd}} as JFR shows it: {@code int fd}. */
  private static String plain(String javadoc) {
    return javadoc.replaceAll("\\{@\\w+ ([^}]*)}", "$1");
  }
}
