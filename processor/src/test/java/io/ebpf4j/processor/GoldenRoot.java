package io.ebpf4j.processor;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@link GoldenTest} rewrites its golden files instead of comparing with them: the
 * directory {@value #VARIABLE} names, if set. Under {@code CI=true} setting it is an error.
 */
final class GoldenRoot {
  static final String VARIABLE = "EBPF4J_GOLDEN_ROOT";

  private GoldenRoot() {}

  /** The directory to rewrite the goldens in, or empty to compare with them. */
  static Optional<Path> from(Map<String, String> environment) {
    String root = environment.get(VARIABLE);
    if (root == null) {
      return Optional.empty();
    }
    if ("true".equalsIgnoreCase(environment.get("CI"))) {
      // A rewrite makes every golden test pass, so under CI it would let any change through.
      throw new IllegalStateException(
          VARIABLE
              + "="
              + root
              + " would rewrite the golden files, and under CI=true the goldens must be compared:"
              + " unset "
              + VARIABLE
              + " in CI; regenerate them on your machine and commit the diff");
    }
    return Optional.of(Path.of(root));
  }
}
