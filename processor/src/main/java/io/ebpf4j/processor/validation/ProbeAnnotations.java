package io.ebpf4j.processor.validation;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.Tracepoint;
import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.Uretprobe;
import io.ebpf4j.api.Usdt;
import io.ebpf4j.api.Hotspot;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.shape.ProbeShape;
import io.ebpf4j.processor.shape.UsdtHit;
import io.ebpf4j.processor.shape.UserFunctionEntry;
import io.ebpf4j.processor.shape.UserFunctionReturn;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads the probe annotations of a method and checks the rules about their attributes alone
 * (which of {@code value} and {@code function} is set, the ranges of {@code stringSize} and {@code
 * pid}, the syntax of names); whether the target exists is checked later, against the formats.
 */
public final class ProbeAnnotations {

  /** Every probe annotation, by qualified name. */
  public static final Set<String> NAMES =
      Set.of(
          Kprobe.class.getCanonicalName(),
          Kretprobe.class.getCanonicalName(),
          Tracepoint.class.getCanonicalName(),
          Uprobe.class.getCanonicalName(),
          Uretprobe.class.getCanonicalName(),
          Usdt.class.getCanonicalName(),
          Hotspot.class.getCanonicalName());

  /** A provider or probe name of an SDT note: {@code hotspot}, {@code gc__begin}. */
  private static final Pattern SDT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A kernel function as {@code /proc/kallsyms} lists it, suffixes like {@code .cold} included. */
  private static final Pattern FUNCTION = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

  private static final Pattern TRACEPOINT = Pattern.compile("[A-Za-z0-9_]+:[A-Za-z0-9_.-]+");

  private final Elements elements;

  ProbeAnnotations(Elements elements) {
    this.elements = elements;
  }

  /** The probe annotations on {@code method}, in source order. */
  static List<AnnotationMirror> on(ExecutableElement method) {
    List<AnnotationMirror> found = new ArrayList<>();
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (NAMES.contains(type.getQualifiedName().toString())) {
        found.add(mirror);
      }
    }
    return found;
  }

  /**
   * The probe annotations on {@code handler}'s methods for messages about the class, in source
   * order: {@code @Kprobe}, {@code @Kprobe and @Tracepoint}, {@code @Kprobe, @Tracepoint and
   * @Uprobe}.
   */
  static String describe(TypeElement handler) {
    Set<String> names = new LinkedHashSet<>();
    for (ExecutableElement method : ElementFilter.methodsIn(handler.getEnclosedElements())) {
      for (AnnotationMirror mirror : on(method)) {
        names.add("@" + mirror.getAnnotationType().asElement().getSimpleName());
      }
    }
    List<String> list = List.copyOf(names);
    if (list.isEmpty()) {
      return "probe"; // not reached: the processor validates classes that have a probe method
    }
    if (list.size() == 1) {
      return list.get(0);
    }
    return String.join(", ", list.subList(0, list.size() - 1)) + " and " + list.getLast();
  }

  /** The request {@code annotation} makes, or empty after reporting what is wrong with it. */
  Optional<ProbeRequest> read(
      ExecutableElement method, AnnotationMirror annotation, ValidationReport.Builder report) {
    String type =
        ((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName().toString();
    Map<? extends ExecutableElement, ? extends AnnotationValue> values =
        elements.getElementValuesWithDefaults(annotation);
    Attributes attributes = new Attributes(method, annotation, values, report);
    if (type.equals(Tracepoint.class.getCanonicalName())) {
      return tracepoint(attributes);
    }
    if (type.equals(Uprobe.class.getCanonicalName())) {
      return uprobe(attributes, ProbeShape.UPROBE);
    }
    if (type.equals(Uretprobe.class.getCanonicalName())) {
      return uprobe(attributes, ProbeShape.URETPROBE);
    }
    if (type.equals(Usdt.class.getCanonicalName())) {
      return usdt(attributes);
    }
    if (type.equals(Hotspot.class.getCanonicalName())) {
      return hotspot(attributes);
    }
    return kprobe(attributes, type.equals(Kretprobe.class.getCanonicalName()));
  }

  private Optional<ProbeRequest> usdt(Attributes a) {
    String annotation = ProbeShape.USDT.annotation();
    Optional<String> binary = a.string("binary");
    Optional<String> provider = a.string("provider");
    Optional<String> name = a.string("name");
    Optional<Integer> pid = a.integer("pid");
    if (binary.isEmpty() || provider.isEmpty() || name.isEmpty() || pid.isEmpty()) {
      return Optional.empty();
    }
    if (!binary.get().startsWith("/")) {
      a.error(Messages.usdtBinaryPath(annotation, binary.get()), "binary");
    }
    if (!SDT_NAME.matcher(provider.get()).matches()) {
      a.error(Messages.usdtSyntax(annotation, "provider", provider.get()), "provider");
    }
    if (!SDT_NAME.matcher(name.get()).matches()) {
      a.error(Messages.usdtSyntax(annotation, "name", name.get()), "name");
    }
    if (pid.get() != -1 && pid.get() <= 0) {
      a.error(Messages.uprobePid(annotation, pid.get()), "pid");
    }
    return a.request(ProbeShape.USDT, provider.get() + ":" + name.get(), binary.get(), pid.get(),
        0, "name");
  }

  private Optional<ProbeRequest> hotspot(Attributes a) {
    String annotation = ProbeShape.HOTSPOT.annotation();
    Optional<String> name = a.string("value");
    Optional<String> binary = a.string("binary");
    Optional<Integer> pid = a.integer("pid");
    Optional<Integer> stringSize = a.integer("stringSize");
    if (name.isEmpty() || binary.isEmpty() || pid.isEmpty() || stringSize.isEmpty()) {
      return Optional.empty();
    }
    checkStringSize(a, annotation, stringSize.get());
    if (!binary.get().isEmpty() && !binary.get().startsWith("/")) {
      a.error(Messages.usdtBinaryPath(annotation, binary.get()), "binary");
    }
    if (!SDT_NAME.matcher(name.get()).matches()) {
      a.error(Messages.usdtSyntax(annotation, "name", name.get()), "value");
    }
    if (pid.get() != -1 && pid.get() <= 0) {
      a.error(Messages.uprobePid(annotation, pid.get()), "pid");
    }
    return a.request(ProbeShape.HOTSPOT, "hotspot:" + name.get(), binary.get(), pid.get(),
        stringSize.get(), "value");
  }

  private Optional<ProbeRequest> kprobe(Attributes a, boolean isReturn) {
    String annotation = isReturn ? "@Kretprobe" : "@Kprobe";
    Optional<String> syscall = a.string("value");
    Optional<String> function = a.string("function");
    Optional<Integer> stringSize = a.integer("stringSize");
    if (syscall.isEmpty() || function.isEmpty() || stringSize.isEmpty()) {
      return Optional.empty(); // javac reports the broken annotation itself
    }
    if (syscall.get().isEmpty() == function.get().isEmpty()) {
      a.error(Messages.syscallOrFunction(annotation), syscall.get().isEmpty() ? null : "function");
      return Optional.empty();
    }
    checkStringSize(a, annotation, stringSize.get());
    boolean withEntry = isReturn && a.bool("withEntry").orElse(false);
    if (!function.get().isEmpty()) {
      if (withEntry) {
        a.error(Messages.withEntryOnlyForSyscalls(), "withEntry");
      }
      if (!FUNCTION.matcher(function.get()).matches()) {
        a.error(Messages.badFunctionName(annotation, function.get()), "function");
      }
      if (!a.stacks().isEmpty()) {
        a.error(Messages.stacksNeedRecord(annotation), "stacks");
      }
      return a.request(isReturn ? ProbeShape.KERNEL_RETURN : ProbeShape.KERNEL_ENTRY,
          function.get(), "", -1, stringSize.get(), "function");
    }
    ProbeShape kind =
        !isReturn ? ProbeShape.SYSCALL_ENTRY
            : withEntry ? ProbeShape.SYSCALL_CALL : ProbeShape.SYSCALL_RETURN;
    return a.request(kind, syscall.get(), "", -1, stringSize.get(), "value");
  }

  private Optional<ProbeRequest> tracepoint(Attributes a) {
    Optional<String> name = a.string("value");
    Optional<Integer> stringSize = a.integer("stringSize");
    if (name.isEmpty() || stringSize.isEmpty()) {
      return Optional.empty();
    }
    checkStringSize(a, "@Tracepoint", stringSize.get());
    if (!TRACEPOINT.matcher(name.get()).matches()) {
      a.error(Messages.tracepointSyntax(name.get()), "value");
    }
    return a.request(ProbeShape.TRACEPOINT, name.get(), "", -1, stringSize.get(), "value");
  }

  private Optional<ProbeRequest> uprobe(Attributes a, ProbeShape kind) {
    Optional<String> binary = a.string("binary");
    Optional<String> symbol = a.string("symbol");
    Optional<Integer> pid = a.integer("pid");
    if (binary.isEmpty() || symbol.isEmpty() || pid.isEmpty()) {
      return Optional.empty();
    }
    if (binary.get().isBlank()) {
      a.error(Messages.uprobeEmpty(kind.annotation(), "binary"), "binary");
    }
    if (symbol.get().isBlank()) {
      a.error(Messages.uprobeEmpty(kind.annotation(), "symbol"), "symbol");
    }
    if (pid.get() != -1 && pid.get() <= 0) {
      a.error(Messages.uprobePid(kind.annotation(), pid.get()), "pid");
    }
    return a.request(kind, symbol.get(), binary.get(), pid.get(), 0, "symbol");
  }

  private static void checkStringSize(Attributes a, String annotation, int size) {
    if (size < 1 || size > Kprobe.MAX_STRING_SIZE) {
      a.error(Messages.stringSizeOutOfRange(annotation, size, Kprobe.MAX_STRING_SIZE),
          "stringSize");
    }
  }

  /** The value of {@code annotation}'s element {@code name} as written, or null if defaulted. */
  static AnnotationValue explicit(AnnotationMirror annotation, String name) {
    for (var entry : annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /** The attribute values of one annotation, and where to report about each. */
  private static final class Attributes {
    private final ExecutableElement method;
    private final AnnotationMirror annotation;
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> values;
    private final ValidationReport.Builder report;
    private boolean reported;

    Attributes(
        ExecutableElement method,
        AnnotationMirror annotation,
        Map<? extends ExecutableElement, ? extends AnnotationValue> values,
        ValidationReport.Builder report) {
      this.method = method;
      this.annotation = annotation;
      this.values = values;
      this.report = report;
    }

    /** The value of {@code name} as written, or null if it takes its default. */
    AnnotationValue explicit(String name) {
      return ProbeAnnotations.explicit(annotation, name);
    }

    private Optional<Object> value(String name) {
      for (var entry : values.entrySet()) {
        if (entry.getKey().getSimpleName().contentEquals(name)) {
          return Optional.ofNullable(entry.getValue().getValue());
        }
      }
      return Optional.empty();
    }

    Optional<String> string(String name) {
      return value(name).filter(String.class::isInstance).map(String.class::cast);
    }

    Optional<Integer> integer(String name) {
      return value(name).filter(Integer.class::isInstance).map(Integer.class::cast);
    }

    Optional<Boolean> bool(String name) {
      return value(name).filter(Boolean.class::isInstance).map(Boolean.class::cast);
    }

    /** Reports on attribute {@code name} if it is written, else on the annotation. */
    void error(String message, String name) {
      AnnotationValue value = name == null ? null : explicit(name);
      if (value == null) {
        value = explicit("value");
      }
      report.addError(message, method, annotation, value);
      reported = true;
    }

    /**
     * The request, naming attribute {@code name} as the target to report on; empty if any
     * attribute of this annotation was reported.
     */
    Optional<ProbeRequest> request(
        ProbeShape shape, String target, String binary, int pid, int stringSize, String name) {
      if (inUserSpace(shape) && stacks().contains(Stack.KERNEL)) {
        error(Messages.noKernelStackInUserProbe(shape.annotation()), "stacks");
      }
      if (reported) {
        return Optional.empty();
      }
      return Optional.of(
          new ProbeRequest(
              shape, target, binary, pid, stringSize, annotation, explicit(name),
              string("filter").orElse(""), explicit("filter"), stacks(), explicit("stacks")));
    }

    /** Uprobes, uretprobes and USDT probes: the program's context is the user's registers. */
    private static boolean inUserSpace(ProbeShape shape) {
      return shape instanceof UserFunctionEntry
          || shape instanceof UserFunctionReturn
          || shape instanceof UsdtHit;
    }

    /** The {@code stacks} named, each once; none for annotations without the element. */
    Set<Stack> stacks() {
      Set<Stack> stacks = EnumSet.noneOf(Stack.class);
      Optional<Object> value = value("stacks");
      if (value.isPresent() && value.get() instanceof List<?> constants) {
        for (Object constant : constants) {
          if (constant instanceof AnnotationValue v
              && v.getValue() instanceof VariableElement element) {
            stacks.add(Stack.valueOf(element.getSimpleName().toString()));
          }
        }
      }
      return stacks;
    }
  }
}
