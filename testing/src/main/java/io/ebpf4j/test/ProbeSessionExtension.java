package io.ebpf4j.test;

import io.ebpf4j.runtime.MachineCheck;
import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link WithProbes}: skips or fails where the machine cannot run eBPF, and
 * resolves a {@link ProbeSession} and its handler per test.
 *
 * <p>The skip is a condition, so that JUnit reports it with its reasons; a required class is left
 * enabled so that {@link #beforeAll} can fail it, since a condition can only skip.
 */
final class ProbeSessionExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ProbeSessionExtension.class);

  /** The machine's problems; replaced by this package's tests to play a machine without eBPF. */
  static Supplier<List<String>> machine = MachineCheck::problems;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<WithProbes> probes = annotation(context);
    if (probes.isEmpty()) {
      return ConditionEvaluationResult.enabled("no @WithProbes");
    }
    List<String> problems = machine.get();
    if (problems.isEmpty()) {
      return ConditionEvaluationResult.enabled("this machine can run eBPF");
    }
    if (required(probes.get())) {
      return ConditionEvaluationResult.enabled(probes.get().requiredBy() + "=true: fails instead");
    }
    return ConditionEvaluationResult.disabled(skipReason(problems, probes.get()));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Optional<WithProbes> probes = annotation(context);
    if (probes.isEmpty()) {
      return;
    }
    List<String> problems = machine.get();
    if (!problems.isEmpty() && required(probes.get())) {
      throw new AssertionError(
          "this machine cannot run eBPF: "
              + String.join("; ", problems)
              + ". These tests are required here ("
              + probes.get().requiredBy()
              + "=true), so they fail rather than skip: set the machine up, or unset "
              + probes.get().requiredBy());
    }
  }

  static String skipReason(List<String> problems, WithProbes probes) {
    return "this machine cannot run eBPF: "
        + String.join("; ", problems)
        + " (set "
        + probes.requiredBy()
        + "=true to fail instead of skipping)";
  }

  /** The system property, else the environment variable, is {@code true}. */
  static boolean required(WithProbes probes) {
    String name = probes.requiredBy();
    String value = System.getProperty(name);
    if (value == null) {
      value = System.getenv(name);
    }
    return "true".equalsIgnoreCase(value);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Optional<WithProbes> probes = annotation(context);
    if (probes.isEmpty()) {
      return false;
    }
    Class<?> type = parameter.getParameter().getType();
    return type == ProbeSession.class || type == probes.get().value();
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Started started =
        context
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                Started.class, key -> start(annotation(context).orElseThrow().value()), Started.class);
    return parameter.getParameter().getType() == ProbeSession.class
        ? started.session()
        : started.handler();
  }

  /**
   * A handler and its session, in the store of the test (or class, for a constructor): JUnit
   * closes it when that ends.
   */
  record Started(Object handler, ProbeSession session) implements AutoCloseable {
    @Override
    public void close() {
      session.close();
    }
  }

  private static Started start(Class<?> handlerType) {
    Object handler;
    try {
      Constructor<?> constructor = handlerType.getDeclaredConstructor();
      constructor.setAccessible(true);
      handler = constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new ParameterResolutionException(
          "@WithProbes(" + handlerType.getSimpleName() + ".class) needs a no-argument"
              + " constructor to create the handler",
          e);
    }
    return new Started(handler, ProbeRuntime.start(handler));
  }

  /** The {@link WithProbes} of the test class, or of an enclosing one for a nested class. */
  private static Optional<WithProbes> annotation(ExtensionContext context) {
    for (Optional<Class<?>> c = context.getTestClass(); c.isPresent();
        c = Optional.ofNullable(c.get().getEnclosingClass())) {
      Optional<WithProbes> found = AnnotationSupport.findAnnotation(c.get(), WithProbes.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
