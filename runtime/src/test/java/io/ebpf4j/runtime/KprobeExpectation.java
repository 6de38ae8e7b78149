package io.ebpf4j.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether the kernel under test has kprobes, as the tests expect it, decided without {@link
 * Kernel#hasKprobes()}: a test that branched on the code's own check would silently take the
 * other branch if that check broke.
 *
 * <p>From {@value #VARIABLE}: {@code 1} (the VM lane sets it) or {@code 0} ({@code
 * scripts/test.sh} sets it for the CI machines, whose kernel has none). Unset, the kernel's build
 * configuration ({@code /proc/config.gz}, else {@code /boot/config-<release>}) decides, except
 * under {@code CI=true}, where an unset expectation is a failure.
 */
final class KprobeExpectation {
  static final String VARIABLE = "EBPF4J_EXPECT_KPROBES";

  private KprobeExpectation() {}

  /** Whether this machine's kernel is expected to have kprobes. */
  static boolean expected() {
    return expected(System.getenv(), kernelConfig());
  }

  /**
   * The expectation from {@code environment}, else from {@code kernelConfig} (the text of the
   * kernel's configuration, if readable).
   */
  static boolean expected(Map<String, String> environment, Optional<String> kernelConfig) {
    String value = environment.get(VARIABLE);
    if (value != null) {
      return switch (value) {
        case "1" -> true;
        case "0" -> false;
        default ->
            throw new AssertionError(
                VARIABLE + "=" + value + ": expected 1 (the kernel has kprobes) or 0 (none)");
      };
    }
    if ("true".equalsIgnoreCase(environment.get("CI"))) {
      throw new AssertionError(
          VARIABLE
              + " is not set, and under CI=true the kprobe tests must know what to expect: set it"
              + " to 1 if this kernel has kprobes, 0 if not (scripts/test.sh sets 0)");
    }
    Optional<Boolean> configured = kernelConfig.flatMap(KprobeExpectation::configKprobes);
    if (configured.isEmpty()) {
      Assumptions.abort(
          "cannot tell whether this kernel has kprobes (no CONFIG_KPROBES in /proc/config.gz or"
              + " /boot/config-*): set " + VARIABLE + " to 1 or 0");
    }
    return configured.get();
  }

  /** {@code CONFIG_KPROBES} in a kernel configuration: set, not set, or absent. */
  static Optional<Boolean> configKprobes(String config) {
    for (String line : config.split("\n")) {
      if (line.equals("CONFIG_KPROBES=y")) {
        return Optional.of(true);
      }
      if (line.equals("# CONFIG_KPROBES is not set")) {
        return Optional.of(false);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> kernelConfig() {
    try {
      Path proc = Path.of("/proc/config.gz");
      if (Files.isReadable(proc)) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(proc))) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
      Path boot = Path.of("/boot/config-" + release);
      return Files.isReadable(boot) ? Optional.of(Files.readString(boot)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
