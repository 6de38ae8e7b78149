package io.ebpf4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs fixture classes through the JUnit Platform launcher, as Surefire and the Console Launcher
 * do (so {@code junit-platform.properties} and the service file are read as they are there),
 * once under CI and once outside it. Surefire does not run the nested fixtures by themselves: it
 * excludes nested classes.
 */
class EveryTestRunsUnderCiTest {

  /**
   * What the launcher reported, "SKIPPED name" or "STATUS name: message", the tests sorted and
   * the class last; a class is named by its simple name.
   */
  private static List<String> run(Class<?> fixture, boolean ci) {
    List<String> events = new ArrayList<>();
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionSkipped(TestIdentifier test, String reason) {
            events.add("SKIPPED " + name(test));
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.getSource().isPresent() && test.getParentId().isPresent()) {
              events.add(result.getStatus() + " " + name(test)
                  + result.getThrowable().map(t -> ": " + t.getMessage()).orElse(""));
            }
          }
        };
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(fixture))
                .configurationParameter(EveryTestRunsUnderCi.CI_PARAMETER, Boolean.toString(ci))
                .build(),
            listener);
    String name = fixture.getSimpleName();
    List<String> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing((String e) -> e.contains(" " + name)).thenComparing(e -> e));
    return sorted;
  }

  private static String name(TestIdentifier test) {
    String name = test.getDisplayName();
    return name.substring(name.lastIndexOf('$') + 1);
  }

  private static void assertOnly(List<String> events, String prefix) {
    assertTrue(!events.isEmpty() && events.stream().allMatch(e -> e.startsWith(prefix)),
        () -> "expected only " + prefix + "..., got " + events);
  }

  @Test
  void aDisabledMethodFailsUnderCiAndIsSkippedOtherwise() {
    List<String> ci = run(Fixtures.DisabledMethod.class, true);
    assertEquals(2, ci.size(), ci::toString);
    assertTrue(ci.get(0).startsWith("FAILED disabled()") && ci.get(0).contains("@Disabled"),
        ci::toString);
    assertTrue(ci.get(1).startsWith("SUCCESSFUL DisabledMethod"), ci::toString);
    assertEquals(List.of("SKIPPED disabled()", "SUCCESSFUL DisabledMethod"),
        run(Fixtures.DisabledMethod.class, false));
  }

  @Test
  void aDisabledClassFailsUnderCiAndIsSkippedOtherwise() {
    List<String> ci = run(Fixtures.DisabledClass.class, true);
    assertEquals(1, ci.size(), ci::toString);
    assertTrue(ci.get(0).startsWith("FAILED DisabledClass") && ci.get(0).contains("@Disabled"),
        ci::toString);
    assertEquals(List.of("SKIPPED DisabledClass"), run(Fixtures.DisabledClass.class, false));
  }

  @Test
  void assumptionsInTestsFailUnderCiAndAbortOtherwise() {
    List<String> ci = run(Fixtures.Assuming.class, true);
    assertEquals(3, ci.stream().filter(e -> e.startsWith("FAILED ")).count(), ci::toString);
    assertTrue(ci.stream().anyMatch(e -> e.contains("no widget") && e.contains("CI=true")),
        ci::toString);
    List<String> local = run(Fixtures.Assuming.class, false);
    assertEquals(3, local.stream().filter(e -> e.startsWith("ABORTED ")).count(),
        local::toString);
  }

  @Test
  void assumptionsInLifecycleMethodsFailUnderCi() {
    assertOnly(run(Fixtures.AssumingBeforeAll.class, true), "FAILED AssumingBeforeAll");
    assertOnly(run(Fixtures.AssumingBeforeAll.class, false), "ABORTED AssumingBeforeAll");
    List<String> ci = run(Fixtures.AssumingBeforeEach.class, true);
    assertTrue(ci.getFirst().startsWith("FAILED test()") && ci.getFirst().contains("no machine"),
        ci::toString);
    assertOnly(run(Fixtures.AssumingAfterAll.class, true).subList(1, 2), "FAILED AssumingAfterAll");
  }

  @Test
  void otherSkipsAndAbortsFailTheClassUnderCi() {
    List<String> ci = run(Fixtures.OtherSkips.class, true);
    String last = ci.getLast();
    assertTrue(last.startsWith("FAILED OtherSkips")
        && last.contains("skippedByCondition()") && last.contains("abortedByExtension()"),
        ci::toString);
    assertEquals(
        List.of("ABORTED abortedByExtension(): aborted by an extension",
            "SKIPPED skippedByCondition()", "SUCCESSFUL OtherSkips"),
        run(Fixtures.OtherSkips.class, false));
  }

  @Test
  void passingTestsStillPassUnderCi() {
    assertEquals(List.of("SUCCESSFUL passes()", "SUCCESSFUL Passing"),
        run(Fixtures.Passing.class, true));
  }

  /** Not tests of their own: only {@link #run} runs them. */
  static final class Fixtures {
    static class DisabledMethod {
      @Test
      @Disabled("flaky")
      void disabled() {}
    }

    @Disabled
    static class DisabledClass {
      @Test
      void test() {}
    }

    static class Assuming {
      @Test
      void assumeTrue() {
        Assumptions.assumeTrue(false, "no widget");
      }

      @Test
      void assumeFalse() {
        Assumptions.assumeFalse(true, "a widget");
      }

      @Test
      void abort() {
        Assumptions.abort("no widget either");
      }
    }

    static class AssumingBeforeAll {
      @BeforeAll
      static void assume() {
        Assumptions.abort("no machine");
      }

      @Test
      void test() {}
    }

    static class AssumingBeforeEach {
      @BeforeEach
      void assume() {
        Assumptions.abort("no machine");
      }

      @Test
      void test() {}
    }

    static class AssumingAfterAll {
      @AfterAll
      static void assume() {
        Assumptions.abort("no machine");
      }

      @Test
      void test() {}
    }

    static class OtherSkips {
      @Test
      @DisabledIfSystemProperty(named = "java.version", matches = ".*")
      void skippedByCondition() {}

      @Test
      @ExtendWith(Aborting.class)
      void abortedByExtension() {}
    }

    static class Passing {
      @Test
      void passes() {}
    }

    static final class Aborting implements BeforeEachCallback {
      @Override
      public void beforeEach(ExtensionContext context) {
        Assumptions.abort("aborted by an extension");
      }
    }

    private Fixtures() {}
  }
}
