package io.ebpf4j.test;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.runtime.ProbeSession;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@link WithProbes} on a machine that cannot run eBPF, played by replacing the machine check:
 * skipped with the reasons, or failed when the switch the class names is on. The fixtures run
 * through the launcher, as Surefire runs a user's tests; Surefire skips nested classes itself.
 */
class ProbeSessionExtensionTest {
  private static final String SWITCH = "ebpf4j.test.fixture.required";
  private static final Supplier<List<String>> REAL = ProbeSessionExtension.machine;

  @AfterEach
  void restore() {
    ProbeSessionExtension.machine = REAL;
    System.clearProperty(SWITCH);
  }

  @WithProbes(value = Recorder.class, requiredBy = SWITCH)
  static class Fixture {
    @Test
    void needsTheKernel(ProbeSession session) {
      throw new AssertionError("must not run on this machine");
    }
  }

  @Test
  void aMachineWithoutEbpfSkipsWithTheReasons() {
    ProbeSessionExtension.machine = () -> List.of("no libbcc (apt-get install libbpfcc)");
    List<String> events = run(Fixture.class);
    assertEquals(1, events.size(), events.toString());
    assertTrue(
        events.get(0).startsWith("SKIPPED Fixture: this machine cannot run eBPF: no libbcc"
            + " (apt-get install libbpfcc) (set " + SWITCH + "=true to fail instead of skipping)"),
        events.toString());
  }

  @Test
  void theSwitchTurnsTheSkipIntoAFailure() {
    ProbeSessionExtension.machine = () -> List.of("not root");
    System.setProperty(SWITCH, "true");
    List<String> events = run(Fixture.class);
    assertEquals(1, events.size(), events.toString());
    assertTrue(
        events.get(0).startsWith("FAILED Fixture: this machine cannot run eBPF: not root. These"
            + " tests are required here (" + SWITCH + "=true)"),
        events.toString());
  }

  /** "SKIPPED name: reason" or "STATUS name: message", for the class and its tests. */
  private static List<String> run(Class<?> fixture) {
    List<String> events = new ArrayList<>();
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionSkipped(TestIdentifier test, String reason) {
            events.add("SKIPPED " + name(test) + ": " + reason);
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
                // This project's own rule (test-support) would fail the fixture's skip under CI.
                .configurationParameter("ebpf4j.ci", "false")
                .build(),
            listener);
    return events;
  }

  private static String name(TestIdentifier test) {
    String name = test.getDisplayName();
    return name.substring(name.lastIndexOf('$') + 1);
  }
}
