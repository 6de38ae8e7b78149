package io.ebpf4j.processor.validation;

import com.palantir.javapoet.ClassName;
import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.filter.FilterChecker;
import io.ebpf4j.processor.filter.FilterException;
import io.ebpf4j.processor.filter.ProbeFilter;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.shape.AggregateKey;
import io.ebpf4j.processor.shape.Aggregation;
import io.ebpf4j.processor.shape.EventTypeFactory;
import io.ebpf4j.processor.shape.HandlerProgram;
import io.ebpf4j.processor.shape.ProbeMethod;
import io.ebpf4j.processor.shape.ProbeShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Checks a handler class and its probe methods against the rules in the Javadoc of {@link Kprobe},
 * {@code Kretprobe}, {@code Tracepoint}, {@code Uprobe} and {@code Uretprobe}, adding each broken
 * rule to a {@link ValidationReport} where it is broken, and builds the {@link HandlerProgram} if
 * the report is clean. It writes nothing: the processor writes the {@link ValidatedHandler}.
 */
public final class HandlerValidator {

  /**
   * Resolves the generated record of a probe, reporting on the annotation why it cannot; writes
   * nothing.
   */
  public interface EventTypes {
    Optional<EventType> forProbe(
        TypeElement handler,
        ProbeRequest request,
        ExecutableElement method,
        ValidationReport.Builder report);
  }

  private static final Set<TypeKind> ARGUMENT_KINDS =
      Set.of(TypeKind.INT, TypeKind.LONG, TypeKind.SHORT, TypeKind.BYTE, TypeKind.BOOLEAN);

  private final EventTypes eventTypes;
  private final ProbeAnnotations annotations;
  private final AggregateValidator aggregates;

  public HandlerValidator(ProcessingEnvironment env, EventTypes eventTypes) {
    this.eventTypes = eventTypes;
    this.annotations = new ProbeAnnotations(env.getElementUtils());
    this.aggregates = new AggregateValidator(env.getElementUtils());
  }

  /**
   * The report about {@code handler} and each of its probe methods, the program if the report is
   * clean, and the records of every probe whose target resolves.
   */
  public ValidatedHandler validate(TypeElement handler) {
    ValidationReport.Builder report = ValidationReport.about(handler);
    validateClass(handler, report);
    List<ProbeMethod> probes = new ArrayList<>();
    Map<ClassName, EventType> records = new LinkedHashMap<>();
    Map<ClassName, AggregateKey> keys = new LinkedHashMap<>();
    int probeMethods = 0;
    for (ExecutableElement method : ElementFilter.methodsIn(handler.getEnclosedElements())) {
      List<AnnotationMirror> found = ProbeAnnotations.on(method);
      if (found.isEmpty()) {
        AggregateValidator.on(method).ifPresent(aggregate -> report.addError(
            Messages.aggregateWithoutProbe(method.getSimpleName().toString()), method, aggregate));
        continue;
      }
      probeMethods++;
      ValidationReport.Builder methodReport = ValidationReport.about(method);
      Optional<ProbeMethod> probe = Optional.empty();
      if (found.size() > 1) {
        methodReport.addError(
            Messages.twoProbeAnnotations(method.getSimpleName().toString()), method, found.get(1));
      } else {
        probe =
            validateMethod(
                handler, method, found.get(0), probes.size(), methodReport, records, keys);
      }
      ValidationReport methodResult = methodReport.build();
      report.addSubreport(methodResult);
      if (methodResult.isClean()) {
        probe.ifPresent(probes::add);
      }
    }
    Optional<HandlerProgram> program = Optional.empty();
    // A probe can be missing with a clean report: javac reports a malformed annotation itself.
    if (report.build().isClean() && !probes.isEmpty() && probes.size() == probeMethods) {
      boolean instantiable = checkInstantiable(handler, report);
      program =
          Optional.of(
              new HandlerProgram(
                  ClassName.get(handler), handler.getTypeParameters().size(), instantiable,
                  probes));
    }
    return new ValidatedHandler(
        report.build(), program, List.copyOf(records.values()), List.copyOf(keys.values()));
  }

  /** Checks the class; its first broken rule is the one reported. */
  private static void validateClass(TypeElement handler, ValidationReport.Builder report) {
    String name = handler.getQualifiedName().toString();
    String annotations = ProbeAnnotations.describe(handler);
    ElementKind kind = handler.getKind();
    if (kind != ElementKind.CLASS && kind != ElementKind.RECORD) {
      report.addError(Messages.classNotAClass(annotations, name, describe(kind)));
      return;
    }
    NestingKind nesting = handler.getNestingKind();
    if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
      report.addError(
          Messages.classLocal(annotations, name.isEmpty() ? handler.toString() : name));
      return;
    }
    for (Element e = handler; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        report.addError(Messages.classPrivate(annotations, name));
        return;
      }
    }
    if (handler.getModifiers().contains(Modifier.ABSTRACT)) {
      report.addError(Messages.classAbstract(annotations, name));
    }
  }

  private static String describe(ElementKind kind) {
    return switch (kind) {
      case INTERFACE -> "an interface";
      case ANNOTATION_TYPE -> "an annotation interface";
      case ENUM -> "an enum";
      default -> "a " + kind.toString().toLowerCase(Locale.ROOT);
    };
  }

  /**
   * Whether the generated program can create a handler itself, for {@code
   * ProbeRuntime.start(Class)}; if not, a warning says to pass an instance.
   */
  private static boolean checkInstantiable(TypeElement handler, ValidationReport.Builder report) {
    String name = handler.getQualifiedName().toString();
    if (handler.getNestingKind() == NestingKind.MEMBER
        && !handler.getModifiers().contains(Modifier.STATIC)) {
      report.addWarning(Messages.startWithInstanceOnlyInner(name), handler);
      return false;
    }
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(handler.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty()
          && !constructor.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    report.addWarning(Messages.startWithInstanceOnlyNoConstructor(name), handler);
    return false;
  }

  /**
   * The probe of {@code method}, adding what is wrong with it to {@code report}; the caller keeps
   * the probe only if the report is clean. The record the probe resolves to goes into {@code
   * records} whatever else is wrong.
   */
  private Optional<ProbeMethod> validateMethod(
      TypeElement handler,
      ExecutableElement method,
      AnnotationMirror annotation,
      int id,
      ValidationReport.Builder report,
      Map<ClassName, EventType> records,
      Map<ClassName, AggregateKey> keys) {
    Optional<ProbeRequest> read = annotations.read(method, annotation, report);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    ProbeRequest request = read.get();
    String methodName = method.getSimpleName().toString();
    String probeAnnotation = request.shape().annotation();
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      report.addError(Messages.handlerPrivate(probeAnnotation, methodName), method);
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      report.addError(Messages.handlerStatic(probeAnnotation, methodName), method);
    }
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      report.addError(Messages.handlerNotVoid(probeAnnotation, methodName), method);
    }
    ProbeShape shape = request.shape();
    // Qualified: a BindEvent of another package is the wrong one, and the message must say so.
    String expected = shape.expectedParameter(packageName(packageOf(handler)), request.target());
    Optional<EventType> generated;
    if (shape.generatesRecord()) {
      generated = eventTypes.forProbe(handler, request, method, report);
      generated.ifPresent(e -> records.putIfAbsent(e.record(), e));
    } else {
      generated = Optional.empty();
    }
    Optional<AnnotationMirror> aggregate = AggregateValidator.on(method);
    if (aggregate.isPresent()) {
      return aggregatingMethod(
          handler, method, aggregate.get(), request, id, generated, report, keys);
    }
    List<? extends VariableElement> parameters = method.getParameters();
    if (parameters.size() != 1) {
      report.addError(Messages.handlerParameters(expected), method);
      return Optional.empty();
    }
    VariableElement parameter = parameters.get(0);
    TypeMirror type = parameter.asType();
    Optional<EventType> event =
        shape.event(
            new ProbeShape.Parameter() {
              @Override
              public Optional<EventType> generated(String recordName) {
                if (!isEventType(type, handler, recordName)) {
                  report.addError(Messages.handlerParameters(expected), parameter);
                  return Optional.empty();
                }
                return generated;
              }

              @Override
              public Optional<EventType> api(EventType api) {
                if (!isApiType(type, api.record().canonicalName())) {
                  report.addError(Messages.handlerParameters(expected), parameter);
                  return Optional.empty();
                }
                // One API record serves probes with stacks and without: it has the component.
                return Optional.of(request.stacks().isEmpty() ? api : api.withStacks());
              }

              @Override
              public Optional<EventType> kernelCall(String function) {
                return HandlerValidator.this.kernelCall(function, parameter, report);
              }
            },
            request.target());
    if (event.isEmpty()) {
      return Optional.empty();
    }
    String parameterName =
        event.get().arguments().isPresent()
            ? event.get().simpleName() + "<" + event.get().arguments().get().simpleName() + ">"
            : event.get().simpleName();
    String description =
        handler.getQualifiedName() + "." + methodName + "(" + parameterName + ")";
    EventLayout layout =
        EventLayout.of(withStackIds(event.get().memberTypes(), request), request.stringSize());
    Optional<Optional<ProbeFilter>> filter = filter(method, request, event.get(), report);
    if (filter.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProbeMethod(
            id, methodName, description, request.shape(), request.target(), request.binary(),
            request.pid(), event.get(), layout, filter.get(), Optional.empty(),
            request.stacks()));
  }

  /** The event's members, then the two stack-id slots if the probe takes stacks. */
  private static List<MemberType> withStackIds(List<MemberType> members, ProbeRequest request) {
    if (request.stacks().isEmpty()) {
      return members;
    }
    List<MemberType> all = new ArrayList<>(members);
    all.add(MemberType.scalar(ValueKind.INT, false));
    all.add(MemberType.scalar(ValueKind.INT, false));
    return all;
  }

  /**
   * The probe's filter checked against its event: empty if there is an error (reported on the
   * {@code filter} value), else the filter if the probe has one.
   */
  private static Optional<Optional<ProbeFilter>> filter(
      ExecutableElement method,
      ProbeRequest request,
      EventType event,
      ValidationReport.Builder report) {
    if (request.filter().isEmpty()) {
      return Optional.of(Optional.empty());
    }
    try {
      return Optional.of(
          Optional.of(FilterChecker.check(request.filter(), event, request.stringSize())));
    } catch (FilterException e) {
      report.addError(
          Messages.filter(
              request.shape().annotation(), request.filter(), e.problem(), e.column(), e.advice()),
          method,
          request.annotation(),
          request.filterValue());
      return Optional.empty();
    }
  }

  /**
   * The probe of an {@code @Aggregate} method: its event is the generated record, as if it were
   * streamed, and its parameter is the aggregate, which {@link AggregateValidator} checks. Its
   * filter, if any, decides which events are aggregated.
   */
  private Optional<ProbeMethod> aggregatingMethod(
      TypeElement handler,
      ExecutableElement method,
      AnnotationMirror aggregate,
      ProbeRequest request,
      int id,
      Optional<EventType> generated,
      ValidationReport.Builder report,
      Map<ClassName, AggregateKey> keys) {
    if (!request.shape().generatesRecord()) {
      report.addError(
          Messages.aggregateShape(request.shape().annotation()), method, aggregate);
      return Optional.empty();
    }
    if (generated.isEmpty()) {
      return Optional.empty(); // the target was reported
    }
    if (!request.stacks().isEmpty()) {
      report.addError(
          Messages.stacksOnAggregate(), method, request.annotation(), request.stacksValue());
      return Optional.empty();
    }
    EventType event = generated.get();
    Optional<Aggregation> aggregation =
        aggregates.validate(method, aggregate, event, request.stringSize(), report, keys);
    Optional<Optional<ProbeFilter>> filter = filter(method, request, event, report);
    if (aggregation.isEmpty() || filter.isEmpty()) {
      return Optional.empty();
    }
    String methodName = method.getSimpleName().toString();
    String description =
        handler.getQualifiedName() + "." + methodName + "("
            + aggregation.get().parameterType().toString()
                .replaceAll("[a-z0-9_]+\\.", "") + ")";
    return Optional.of(
        new ProbeMethod(
            id, methodName, description, request.shape(), request.target(), request.binary(),
            request.pid(), event, EventLayout.of(event.memberTypes(), request.stringSize()),
            filter.get(), aggregation));
  }

  /**
   * The event of {@code KernelCall<A>}: {@code A} must be a record of at most six integer
   * components, which the generated program can construct.
   */
  private static Optional<EventType> kernelCall(
      String function, VariableElement parameter, ValidationReport.Builder report) {
    TypeMirror type = parameter.asType();
    if (!isApiType(type, KernelCall.class.getCanonicalName())
        || ((DeclaredType) type).getTypeArguments().size() != 1
        || ((DeclaredType) type).getTypeArguments().get(0).getKind() != TypeKind.DECLARED) {
      report.addError(Messages.handlerParameters(Messages.KERNEL_CALL_PARAMETER), parameter);
      return Optional.empty();
    }
    TypeElement arguments =
        (TypeElement)
            ((DeclaredType) ((DeclaredType) type).getTypeArguments().get(0)).asElement();
    String name = arguments.getQualifiedName().toString();
    if (arguments.getKind() != ElementKind.RECORD) {
      report.addError(Messages.kernelCallNotARecord(name), parameter);
      return Optional.empty();
    }
    for (Element e = arguments; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        report.addError(Messages.kernelCallPrivate(name), parameter);
        return Optional.empty();
      }
    }
    if (arguments.getNestingKind() == NestingKind.LOCAL) {
      report.addError(Messages.kernelCallPrivate(name), parameter);
      return Optional.empty();
    }
    List<? extends RecordComponentElement> components = arguments.getRecordComponents();
    if (components.size() > EventTypeFactory.MAX_ARGUMENTS) {
      report.addError(
          Messages.kernelCallTooMany(name, components.size(), EventTypeFactory.MAX_ARGUMENTS),
          parameter);
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    List<ValueKind> kinds = new ArrayList<>();
    for (RecordComponentElement component : components) {
      TypeKind kind = component.asType().getKind();
      if (!ARGUMENT_KINDS.contains(kind)) {
        report.addError(
            Messages.kernelCallComponent(
                name, component.getSimpleName().toString(), component.asType().toString()),
            parameter);
        return Optional.empty();
      }
      names.add(component.getSimpleName().toString());
      kinds.add(ValueKind.valueOf(kind.name()));
    }
    return Optional.of(
        EventTypeFactory.kernelCall(function, ClassName.get(arguments), names, kinds));
  }

  private static boolean isApiType(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(qualifiedName);
  }

  /**
   * Whether {@code type} is the event record. In the first round it is usually not generated yet,
   * so javac gives an error type that only has the simple name the user wrote.
   */
  private static boolean isEventType(TypeMirror type, TypeElement handler, String eventName) {
    if (type.getKind() == TypeKind.ERROR) {
      String written = type.toString();
      return written.substring(written.lastIndexOf('.') + 1).equals(eventName);
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    return element.getSimpleName().contentEquals(eventName)
        && element.getEnclosingElement().equals(packageOf(handler));
  }

  private static String packageName(Element pkg) {
    return ((PackageElement) pkg).getQualifiedName().toString();
  }

  private static Element packageOf(Element element) {
    Element e = element;
    while (e.getKind() != ElementKind.PACKAGE) {
      e = e.getEnclosingElement();
    }
    return e;
  }
}
