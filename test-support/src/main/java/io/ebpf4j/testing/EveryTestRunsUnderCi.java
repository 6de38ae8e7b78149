package io.ebpf4j.testing;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Under {@code CI=true}, a test that does not run fails: CI exists to run every test, and a skip
 * there hides a broken machine or a forgotten {@code @Disabled}. Outside CI nothing changes.
 *
 * <p>Registered on every test class of every module by {@code junit-platform.properties} and
 * {@code META-INF/services} in this jar, so it works the same in Surefire and in the JUnit Console
 * Launcher. It covers, under CI:
 *
 * <ul>
 *   <li>{@code @Disabled} on a class or method: that test (or class) fails. This extension stands
 *       in for Jupiter's own {@code DisabledCondition}, which the properties deactivate, because
 *       no extension can re-enable what another condition has disabled.
 *   <li>{@code Assumptions.abort}, {@code assumeTrue} and {@code assumeFalse} in a test or in
 *       a {@code @BeforeAll}, {@code @BeforeEach}, {@code @AfterEach} or {@code @AfterAll}
 *       method: the abort becomes a failure that keeps the reason.
 *   <li>Any other skip of a test method (another {@code ExecutionCondition}) or abort (from an
 *       extension's callback): the test class fails after its tests, naming each of them.
 * </ul>
 *
 * <p>The configuration parameter {@value #CI_PARAMETER}, if set, overrides the environment; it is
 * for the test of this class, which runs fixtures through the launcher.
 */
public final class EveryTestRunsUnderCi
    implements ExecutionCondition,
        BeforeAllCallback,
        BeforeEachCallback,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler,
        TestWatcher,
        AfterAllCallback {

  /** Overrides {@code CI} from the environment when set, to {@code true} or {@code false}. */
  public static final String CI_PARAMETER = "ebpf4j.ci";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EveryTestRunsUnderCi.class);
  private static final String NOT_RUN = "not run";

  /** Whether {@code context} runs under CI: {@value #CI_PARAMETER}, else {@code CI=true}. */
  static boolean underCi(ExtensionContext context) {
    return context
        .getConfigurationParameter(CI_PARAMETER)
        .map(Boolean::parseBoolean)
        .orElseGet(() -> "true".equalsIgnoreCase(System.getenv("CI")));
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<Disabled> disabled = disabled(context);
    if (disabled.isEmpty()) {
      return ConditionEvaluationResult.enabled("not @Disabled");
    }
    if (underCi(context)) {
      // Enabled, so that the callbacks below can fail it.
      return ConditionEvaluationResult.enabled("@Disabled, but CI=true runs every test");
    }
    String reason = disabled.get().value();
    return ConditionEvaluationResult.disabled(
        context.getElement().map(Object::toString).orElse("") + " is @Disabled",
        reason.isEmpty() ? null : reason);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    failIfDisabled(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    failIfDisabled(context);
  }

  private static void failIfDisabled(ExtensionContext context) {
    if (underCi(context) && disabled(context).isPresent()) {
      throw new AssertionError(
          context.getDisplayName()
              + " is @Disabled, and under CI=true every test must run: fix it and remove"
              + " @Disabled, or delete it");
    }
  }

  /** {@code @Disabled} on the element itself, as Jupiter's own condition reads it. */
  private static Optional<Disabled> disabled(ExtensionContext context) {
    Optional<AnnotatedElement> element = context.getElement();
    return element.isEmpty()
        ? Optional.empty()
        : AnnotationSupport.findAnnotation(element.get(), Disabled.class);
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    throw failIfAborted(context, throwable);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw failIfAborted(context, throwable);
  }

  @Override
  public void handleBeforeEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw failIfAborted(context, throwable);
  }

  @Override
  public void handleAfterEachMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw failIfAborted(context, throwable);
  }

  @Override
  public void handleAfterAllMethodExecutionException(
      ExtensionContext context, Throwable throwable) throws Throwable {
    throw failIfAborted(context, throwable);
  }

  /** {@code throwable}, or under CI, if it is an abort, a failure that carries it. */
  private static Throwable failIfAborted(ExtensionContext context, Throwable throwable) {
    if (throwable instanceof TestAbortedException && underCi(context)) {
      return new AssertionError(
          context.getDisplayName()
              + " was aborted ("
              + throwable.getMessage()
              + "), and under CI=true every test must run: make this machine meet the"
              + " assumption (scripts/setup.sh), or run without CI=true",
          throwable);
    }
    return throwable;
  }

  // What the callbacks above cannot reach: a method skipped by another condition, or aborted
  // by another extension. TestWatcher cannot fail a test, so the class fails after its tests.

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    if (underCi(context)) {
      notRun(context).add(context.getDisplayName() + " was skipped (" + reason.orElse("") + ")");
    }
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    if (underCi(context)) {
      notRun(context).add(context.getDisplayName() + " was aborted (" + cause.getMessage() + ")");
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterAll(ExtensionContext context) {
    List<String> notRun = context.getStore(NAMESPACE).get(NOT_RUN, List.class);
    if (notRun != null && !notRun.isEmpty()) {
      throw new AssertionError(
          "under CI=true every test must run, but in "
              + context.getDisplayName()
              + ": "
              + String.join("; ", notRun)
              + ". Make this machine meet the condition, or remove it");
    }
  }

  /** The tests of the class of {@code context} that did not run. */
  @SuppressWarnings("unchecked")
  private static List<String> notRun(ExtensionContext context) {
    // Up to the class: a parameterized test's invocation has its template as parent.
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
        NOT_RUN, key -> new ArrayList<String>(), List.class);
  }
}
