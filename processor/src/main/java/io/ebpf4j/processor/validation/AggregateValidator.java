package io.ebpf4j.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.ebpf4j.api.Aggregate;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.base.Suggestions;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.model.RecordComponent;
import io.ebpf4j.processor.shape.AggregateKey;
import io.ebpf4j.processor.shape.Aggregation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Checks an {@code @Aggregate} against the rules in its Javadoc and the probe's record, reporting
 * each broken rule on the attribute value that breaks it, and builds the {@link Aggregation}.
 */
public final class AggregateValidator {

  /** {@code io.ebpf4j.api.Aggregate}. */
  public static final String NAME = Aggregate.class.getCanonicalName();

  private final Elements elements;

  AggregateValidator(Elements elements) {
    this.elements = elements;
  }

  /** The {@code @Aggregate} on {@code method}, if it has one. */
  static Optional<AnnotationMirror> on(ExecutableElement method) {
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(NAME)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /**
   * The record's fields by name, in the record's order: the context components, then the
   * members.
   */
  static Map<String, Aggregation.Field> fields(EventType event) {
    Map<String, Aggregation.Field> fields = new LinkedHashMap<>();
    for (RecordComponent component : RecordComponent.byName(event).values()) {
      fields.put(component.javaName(),
          new Aggregation.Field(component.javaName(), component.cName(), component.type()));
    }
    return fields;
  }

  /** {@code GetppidEvent} by {@code comm, pid}: {@code GetppidByCommPid}. */
  static String keyName(String recordName, List<String> keys) {
    String base =
        recordName.endsWith("Event")
            ? recordName.substring(0, recordName.length() - "Event".length())
            : recordName;
    StringBuilder name = new StringBuilder(base).append("By");
    for (String key : keys) {
      name.append(Character.toUpperCase(key.charAt(0))).append(key.substring(1));
    }
    return name.toString();
  }

  /**
   * The aggregation, or empty after reporting what is wrong on {@code report}. Its key record goes
   * to {@code keys} once its fields resolve, whatever else is wrong.
   */
  Optional<Aggregation> validate(
      ExecutableElement method,
      AnnotationMirror annotation,
      EventType event,
      int stringSize,
      ValidationReport.Builder report,
      Map<ClassName, AggregateKey> keys) {
    Attributes a = new Attributes(method, annotation, report);
    Map<String, AnnotationValue> values = new LinkedHashMap<>();
    for (var entry : elements.getElementValuesWithDefaults(annotation).entrySet()) {
      values.put(entry.getKey().getSimpleName().toString(), entry.getValue());
    }
    if (!(values.get("value").getValue() instanceof VariableElement kindConstant)) {
      return Optional.empty(); // javac reports the broken annotation itself
    }
    Aggregate.Kind kind = Aggregate.Kind.valueOf(kindConstant.getSimpleName().toString());
    Map<String, Aggregation.Field> fields = fields(event);
    String record = event.simpleName();

    List<Aggregation.Field> byFields = new ArrayList<>();
    boolean keysResolve = true;
    @SuppressWarnings("unchecked")
    List<? extends AnnotationValue> by = (List<? extends AnnotationValue>) values.get("by").getValue();
    for (AnnotationValue each : by) {
      String name = (String) each.getValue();
      Aggregation.Field field = fields.get(name);
      if (field == null) {
        a.error(Messages.aggregateUnknownField(name, record, List.copyOf(fields.keySet()),
            Suggestions.closest(name, fields.keySet())), each);
        keysResolve = false;
      } else if (field.type().shape() == MemberType.Shape.ARRAY) {
        a.error(Messages.aggregateKeyType(name, "an array"), each);
        keysResolve = false;
      } else if (byFields.contains(field)) {
        a.error(Messages.aggregateKeyTwice(name), each);
        keysResolve = false;
      } else {
        byFields.add(field);
      }
    }
    Optional<ClassName> keyRecord =
        byFields.isEmpty() || !keysResolve
            ? Optional.empty()
            : Optional.of(
                ClassName.get(event.record().packageName(),
                    keyName(record, byFields.stream().map(Aggregation.Field::javaName).toList())));
    keyRecord.ifPresent(
        name -> keys.putIfAbsent(name, new AggregateKey(name, event.record(), byFields)));

    String of = (String) values.get("of").getValue();
    AnnotationValue ofValue = a.explicit("of");
    Optional<Aggregation.Field> value = Optional.empty();
    if (kind == Aggregate.Kind.COUNT) {
      if (!of.isEmpty()) {
        a.error(Messages.aggregateValueForCount(), ofValue);
      }
    } else if (of.isEmpty()) {
      a.error(Messages.aggregateValueMissing(kind.name()), a.explicit("value"));
    } else {
      Aggregation.Field field = fields.get(of);
      if (field == null) {
        a.error(Messages.aggregateUnknownField(of, record, List.copyOf(fields.keySet()),
            Suggestions.closest(of, fields.keySet())), ofValue);
      } else if (field.type().shape() != MemberType.Shape.SCALAR
          || field.type().kind() == ValueKind.BOOLEAN) {
        a.error(Messages.aggregateValueType(of, describe(field.type())), ofValue);
      } else {
        value = Optional.of(field);
      }
    }

    long min = (Long) values.get("min").getValue();
    long max = (Long) values.get("max").getValue();
    long step = (Long) values.get("step").getValue();
    if (kind == Aggregate.Kind.LINEAR_HISTOGRAM) {
      if (step <= 0 || max <= min || (max - min) % step != 0
          || (max - min) / step > Aggregate.MAX_LINEAR_BUCKETS) {
        a.error(Messages.aggregateLinearBounds(min, max, step, Aggregate.MAX_LINEAR_BUCKETS),
            firstOf(a, "step", "max", "min"));
      }
    } else if (min != 0 || max != 0 || step != 0) {
      a.error(Messages.aggregateLinearOnly(kind.name()), firstOf(a, "min", "max", "step"));
    }
    int maxKeys = (Integer) values.get("maxKeys").getValue();
    if (maxKeys < 1 || maxKeys > Aggregate.MAX_KEYS) {
      a.error(Messages.aggregateMaxKeys(maxKeys, Aggregate.MAX_KEYS), a.explicit("maxKeys"));
    }
    long interval = (Long) values.get("intervalMillis").getValue();
    if (interval < 0) {
      a.error(Messages.aggregateInterval(interval), a.explicit("intervalMillis"));
    }
    if (a.reported) {
      return Optional.empty();
    }
    boolean reset = (Boolean) values.get("reset").getValue();
    Aggregation aggregation =
        Aggregation.of(kind, value, byFields, keyRecord, stringSize, maxKeys, interval, reset, min,
            max, step, event.record());
    if (!checkParameter(method, aggregation, report)) {
      return Optional.empty();
    }
    return Optional.of(aggregation);
  }

  /** The method takes the aggregate: {@link Aggregation#parameterType()}. */
  private static boolean checkParameter(
      ExecutableElement method, Aggregation aggregation, ValidationReport.Builder report) {
    TypeName expected = aggregation.parameterType();
    String shown = expected.toString().replace("java.util.", "").replace("java.lang.", "")
        .replace("io.ebpf4j.api.", "");
    if (aggregation.keyRecord().isPresent()) {
      shown = shown.replace(aggregation.keyRecord().get().packageName() + ".", "");
    }
    List<? extends VariableElement> parameters = method.getParameters();
    if (parameters.size() != 1) {
      report.addError(Messages.aggregateParameter(shown), method);
      return false;
    }
    VariableElement parameter = parameters.get(0);
    if (!matches(parameter.asType(), aggregation)) {
      report.addError(Messages.aggregateParameter(shown), parameter);
      return false;
    }
    return true;
  }

  private static boolean matches(TypeMirror type, Aggregation aggregation) {
    String value = ((ClassName) Aggregation.valueType(aggregation.kind())).canonicalName();
    if (aggregation.keyRecord().isEmpty()) {
      return value.equals(Long.class.getCanonicalName())
          ? type.getKind() == TypeKind.LONG
          : isNamed(type, value);
    }
    if (!isNamed(type, java.util.Map.class.getCanonicalName())) {
      return false;
    }
    List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
    return arguments.size() == 2
        && isKey(arguments.get(0), aggregation.keyRecord().get())
        && isNamed(arguments.get(1), value);
  }

  /**
   * Whether {@code type} is the key record, which in the first round is usually not generated
   * yet: javac then gives an error type that only has the simple name the user wrote.
   */
  private static boolean isKey(TypeMirror type, ClassName key) {
    if (type.getKind() == TypeKind.ERROR) {
      String written = type.toString();
      return written.substring(written.lastIndexOf('.') + 1).equals(key.simpleName());
    }
    return isNamed(type, key.canonicalName());
  }

  private static boolean isNamed(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(qualifiedName);
  }

  private static String describe(MemberType type) {
    return switch (type.shape()) {
      case STRING -> "a String";
      case ARRAY -> "an array";
      case SCALAR -> "a " + type.kind().name().toLowerCase(Locale.ROOT);
    };
  }

  private static AnnotationValue firstOf(Attributes a, String... names) {
    for (String name : names) {
      AnnotationValue value = a.explicit(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Where to report about one {@code @Aggregate}. */
  private static final class Attributes {
    private final ExecutableElement method;
    private final AnnotationMirror annotation;
    private final ValidationReport.Builder report;
    private boolean reported;

    Attributes(
        ExecutableElement method, AnnotationMirror annotation, ValidationReport.Builder report) {
      this.method = method;
      this.annotation = annotation;
      this.report = report;
    }

    /** The value of {@code name} as written, or null if it takes its default. */
    AnnotationValue explicit(String name) {
      return ProbeAnnotations.explicit(annotation, name);
    }

    /** Reports on {@code value}, or on the annotation if it is null. */
    void error(String message, AnnotationValue value) {
      report.addError(message, method, annotation, value);
      reported = true;
    }
  }
}
