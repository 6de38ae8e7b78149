package io.ebpf4j.processor;

import com.palantir.javapoet.ClassName;
import io.ebpf4j.api.Kprobe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Checks a handler class and its {@link Kprobe} methods against the rules in {@link Kprobe}'s
 * Javadoc, reporting each broken rule where it is broken, and builds the {@link HandlerProgram}
 * if none is.
 */
final class HandlerValidator {

  /** Finds (and generates, once) the event of a system call; reports errors on the value. */
  interface EventTypes {
    Optional<EventType> forSyscall(
        TypeElement handler,
        String syscall,
        ExecutableElement method,
        AnnotationMirror annotation,
        AnnotationValue value);
  }

  private final Messager messager;
  private final EventTypes eventTypes;

  HandlerValidator(ProcessingEnvironment env, EventTypes eventTypes) {
    this.messager = env.getMessager();
    this.eventTypes = eventTypes;
  }

  /** The program of {@code handler}, or empty if it or one of its probes is invalid. */
  Optional<HandlerProgram> validate(TypeElement handler) {
    boolean valid = validateClass(handler);
    List<ProbeMethod> probes = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(handler.getEnclosedElements())) {
      Optional<AnnotationMirror> annotation = kprobe(method);
      if (annotation.isEmpty()) {
        continue;
      }
      Optional<ProbeMethod> probe = validateMethod(handler, method, annotation.get(), probes.size());
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
    AnnotationValue value = annotationValue(annotation);
    if (value == null || !(value.getValue() instanceof String syscall)) {
      return Optional.empty(); // javac reports the broken annotation itself
    }
    Optional<EventType> event =
        eventTypes.forSyscall(handler, syscall, method, annotation, value);
    String eventName = JavaNames.eventTypeName(syscall);
    boolean valid = event.isPresent();
    String methodName = method.getSimpleName().toString();
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
    List<? extends VariableElement> parameters = method.getParameters();
    if (parameters.size() != 1) {
      error(Messages.handlerParameters(eventName), method);
      valid = false;
    } else if (!isEventType(parameters.get(0).asType(), handler, eventName)) {
      error(Messages.handlerParameters(eventName), parameters.get(0));
      valid = false;
    }
    if (!valid) {
      return Optional.empty();
    }
    String description =
        handler.getQualifiedName() + "." + methodName + "(" + eventName + ")";
    return Optional.of(new ProbeMethod(id, methodName, description, event.get()));
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

  private static Element packageOf(Element element) {
    Element e = element;
    while (e.getKind() != ElementKind.PACKAGE) {
      e = e.getEnclosingElement();
    }
    return e;
  }

  private static Optional<AnnotationMirror> kprobe(ExecutableElement method) {
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(Kprobe.class.getCanonicalName())) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  private static AnnotationValue annotationValue(AnnotationMirror annotation) {
    for (var entry : annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("value")) {
        return entry.getValue();
      }
    }
    return null;
  }

  private void error(String message, Element element) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  private void warning(String message, Element element) {
    messager.printMessage(Diagnostic.Kind.WARNING, message, element);
  }
}
