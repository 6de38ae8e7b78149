package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KprobeExpectationTest {
  private static final Optional<String> WITH = Optional.of("CONFIG_X=y\nCONFIG_KPROBES=y\n");
  private static final Optional<String> WITHOUT = Optional.of("# CONFIG_KPROBES is not set\n");

  @Test
  void theEnvironmentDecidesOverTheKernelConfiguration() {
    assertTrue(KprobeExpectation.expected(Map.of(KprobeExpectation.VARIABLE, "1"), WITHOUT));
    assertFalse(KprobeExpectation.expected(Map.of(KprobeExpectation.VARIABLE, "0"), WITH));
    assertTrue(
        KprobeExpectation.expected(Map.of("CI", "true", KprobeExpectation.VARIABLE, "1"), WITHOUT));
  }

  @Test
  void unsetOutsideCiTheKernelConfigurationDecides() {
    assertTrue(KprobeExpectation.expected(Map.of(), WITH));
    assertFalse(KprobeExpectation.expected(Map.of(), WITHOUT));
    assertEquals(Optional.empty(), KprobeExpectation.configKprobes("CONFIG_KPROBES_ON_FTRACE=y"));
  }

  @Test
  void unsetUnderCiFails() {
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> KprobeExpectation.expected(Map.of("CI", "true"), WITH));
    assertTrue(e.getMessage().contains("set it to 1"), e.getMessage());
  }

  @Test
  void anythingButZeroOrOneFails() {
    assertThrows(
        AssertionError.class,
        () -> KprobeExpectation.expected(Map.of(KprobeExpectation.VARIABLE, "yes"), WITH));
  }

  /** The code's own check must agree with the expectation, wherever the tests run. */
  @Test
  void kernelDetectionMatchesTheExpectation() {
    assertEquals(
        KprobeExpectation.expected(),
        Kernel.hasKprobes(),
        "Kernel.hasKprobes() disagrees with " + KprobeExpectation.VARIABLE + " or CONFIG_KPROBES");
  }
}
