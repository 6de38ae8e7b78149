package io.ebpf4j.processor;

import com.palantir.javapoet.ClassName;
import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.Kprobe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.Messager;
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
import javax.tools.Diagnostic;

/**
 * Checks a handler class and its probe methods against the rules in the Javadoc of {@link Kprobe},
 * {@code Kretprobe}, {@code Tracepoint}, {@code Uprobe} and {@code Uretprobe}, reporting each
 * broken rule where it is broken, and builds the {@link HandlerProgram} if none is.
 */
final class HandlerValidator {

  /** Finds (and generates, once) the record of a probe; reports errors on the annotation. */
  interface EventTypes {
    Optional<EventType> forProbe(
        TypeElement handler, ProbeRequest request, ExecutableElement method);
  }

  private static final Set<TypeKind> ARGUMENT_KINDS =
      Set.of(TypeKind.INT, TypeKind.LONG, TypeKind.SHORT, TypeKind.BYTE, TypeKind.BOOLEAN);

  private final Messager messager;
  private final EventTypes eventTypes;
  private final ProbeAnnotations annotations;

  HandlerValidator(ProcessingEnvironment env, EventTypes eventTypes) {
    this.messager = env.getMessager();
    this.eventTypes = eventTypes;
    this.annotations = new ProbeAnnotations(env.getMessager(), env.getElementUtils());
  }

  /** The program of {@code handler}, or empty if it or one of its probes is invalid. */
  Optional<HandlerProgram> validate(TypeElement handler) {
    boolean valid = validateClass(handler);
    List<ProbeMethod> probes = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(handler.getEnclosedElements())) {
      List<AnnotationMirror> found = ProbeAnnotations.on(method);
      if (found.isEmpty()) {
        continue;
      }
      if (found.size() > 1) {
        messager.printMessage(
            Diagnostic.Kind.ERROR,
            Messages.twoProbeAnnotations(method.getSimpleName().toString()),
            method,
            found.get(1));
        valid = false;
        continue;
      }
      Optional<ProbeMethod> probe = validateMethod(handler, method, found.get(0), probes.size());
      probe.ifPresent(probes::add);
      valid &= probe.isPresent();
    }
    if (!valid || probes.isEmpty()) {
      return Optional.empty();
    }
    boolean instantiable = checkInstantiable(handler);
    return Optional.of(
        new HandlerProgram(
            ClassName.get(handler),
            handler.getTypeParameters().size(),
            instantiable,
            probes));
  }

  private boolean validateClass(TypeElement handler) {
    String name = handler.getQualifiedName().toString();
    ElementKind kind = handler.getKind();
    if (kind != ElementKind.CLASS && kind != ElementKind.RECORD) {
      error(Messages.classNotAClass(name, describe(kind)), handler);
      return false;
    }
    NestingKind nesting = handler.getNestingKind();
    if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
      error(Messages.classLocal(name.isEmpty() ? handler.toString() : name), handler);
      return false;
    }
    for (Element e = handler; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        error(Messages.classPrivate(name), handler);
        return false;
      }
    }
    if (handler.getModifiers().contains(Modifier.ABSTRACT)) {
      error(Messages.classAbstract(name), handler);
      return false;
    }
    return true;
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
  private boolean checkInstantiable(TypeElement handler) {
    String name = handler.getQualifiedName().toString();
    if (handler.getNestingKind() == NestingKind.MEMBER
        && !handler.getModifiers().contains(Modifier.STATIC)) {
      warning(Messages.startWithInstanceOnlyInner(name), handler);
      return false;
    }
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(handler.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty()
          && !constructor.getModifiers().contains(Modifier.PRIVATE)) {
        return true;
      }
    }
    warning(Messages.startWithInstanceOnlyNoConstructor(name), handler);
    return false;
  }

  private Optional<ProbeMethod> validateMethod(
      TypeElement handler, ExecutableElement method, AnnotationMirror annotation, int id) {
    Optional<ProbeRequest> read = annotations.read(method, annotation);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    ProbeRequest request = read.get();
    String methodName = method.getSimpleName().toString();
    boolean valid = true;
    if (method.getModifiers().contains(Modifier.PRIVATE)) {
      error(Messages.handlerPrivate(methodName), method);
      valid = false;
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      error(Messages.handlerStatic(methodName), method);
      valid = false;
    }
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      error(Messages.handlerNotVoid(methodName), method);
      valid = false;
    }
    ProbeShape shape = request.shape();
    // Qualified: a BindEvent of another package is the wrong one, and the message must say so.
    String expected = shape.expectedParameter(packageName(packageOf(handler)), request.target());
    Optional<EventType> generated;
    if (shape.generatesRecord()) {
      generated = eventTypes.forProbe(handler, request, method);
    } else {
      generated = Optional.empty();
    }
    List<? extends VariableElement> parameters = method.getParameters();
    if (parameters.size() != 1) {
      error(Messages.handlerParameters(expected), method);
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
                  error(Messages.handlerParameters(expected), parameter);
                  return Optional.empty();
                }
                return generated;
              }

              @Override
              public Optional<EventType> api(EventType api) {
                if (!isApiType(type, api.record().canonicalName())) {
                  error(Messages.handlerParameters(expected), parameter);
                  return Optional.empty();
                }
                return Optional.of(api);
              }

              @Override
              public Optional<EventType> kernelCall(String function) {
                return HandlerValidator.this.kernelCall(function, parameter);
              }
            },
            request.target());
    if (!valid || event.isEmpty()) {
      return Optional.empty();
    }
    String parameterName =
        event.get().arguments().isPresent()
            ? event.get().simpleName() + "<" + event.get().arguments().get().simpleName() + ">"
            : event.get().simpleName();
    String description =
        handler.getQualifiedName() + "." + methodName + "(" + parameterName + ")";
    EventLayout layout = EventLayout.of(event.get().memberTypes(), request.stringSize());
    return Optional.of(
        new ProbeMethod(
            id, methodName, description, request.shape(), request.target(), request.binary(),
            request.pid(), event.get(), layout));
  }

  /**
   * The event of {@code KernelCall<A>}: {@code A} must be a record of at most six integer
   * components, which the generated program can construct.
   */
  private Optional<EventType> kernelCall(String function, VariableElement parameter) {
    TypeMirror type = parameter.asType();
    if (!isApiType(type, KernelCall.class.getCanonicalName())
        || ((DeclaredType) type).getTypeArguments().size() != 1
        || ((DeclaredType) type).getTypeArguments().get(0).getKind() != TypeKind.DECLARED) {
      error(Messages.handlerParameters(Messages.KERNEL_CALL_PARAMETER), parameter);
      return Optional.empty();
    }
    TypeElement arguments =
        (TypeElement)
            ((DeclaredType) ((DeclaredType) type).getTypeArguments().get(0)).asElement();
    String name = arguments.getQualifiedName().toString();
    if (arguments.getKind() != ElementKind.RECORD) {
      error(Messages.kernelCallNotARecord(name), parameter);
      return Optional.empty();
    }
    for (Element e = arguments; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (e.getModifiers().contains(Modifier.PRIVATE)) {
        error(Messages.kernelCallPrivate(name), parameter);
        return Optional.empty();
      }
    }
    if (arguments.getNestingKind() == NestingKind.LOCAL) {
      error(Messages.kernelCallPrivate(name), parameter);
      return Optional.empty();
    }
    List<? extends RecordComponentElement> components = arguments.getRecordComponents();
    if (components.size() > EventTypeFactory.MAX_ARGUMENTS) {
      error(
          Messages.kernelCallTooMany(name, components.size(), EventTypeFactory.MAX_ARGUMENTS),
          parameter);
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    List<ValueKind> kinds = new ArrayList<>();
    for (RecordComponentElement component : components) {
      TypeKind kind = component.asType().getKind();
      if (!ARGUMENT_KINDS.contains(kind)) {
        error(
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

  private void error(String message, Element element) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  private void warning(String message, Element element) {
    messager.printMessage(Diagnostic.Kind.WARNING, message, element);
  }
}
