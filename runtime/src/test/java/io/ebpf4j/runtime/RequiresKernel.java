package io.ebpf4j.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks tests that load BPF into the running kernel. Outside CI they are skipped, with the
 * reason, on a machine that cannot run eBPF; under {@code CI=true} that is a failure, because
 * these tests are the point.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresKernel.Check.class)
public @interface RequiresKernel {

  final class Check implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      List<String> missing = MachineCheck.problems();
      if (missing.isEmpty()) {
        return;
      }
      String reason = "this machine cannot run eBPF: " + String.join("; ", missing);
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(
            reason + ". Under CI=true kernel tests must run: run scripts/setup.sh first.");
      }
      Assumptions.abort(reason + " (run scripts/setup.sh as root to set it up)");
    }
  }
}
