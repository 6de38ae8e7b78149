package io.ebpf4j.runtime;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
      List<String> missing = missing();
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

    static List<String> missing() {
      List<String> missing = new ArrayList<>();
      if (!System.getProperty("os.name").equals("Linux")) {
        missing.add("not Linux");
        return missing;
      }
      try {
        Kernel.requireBpfPrivileges();
      } catch (Ebpf4jException e) {
        missing.add(e.getMessage());
      }
      try {
        Kernel.tracefs();
      } catch (Ebpf4jException e) {
        missing.add(e.getMessage()); // not mounted, or mounted but unreadable
      }
      try {
        Libbcc.get();
      } catch (LinkageError e) {
        missing.add("libbcc.so.0 is not installed");
      }
      if (!Files.isDirectory(Path.of("/lib/modules/" + uname() + "/build"))) {
        missing.add("no kernel headers at /lib/modules/" + uname() + "/build, which bcc needs");
      }
      return missing;
    }

    private static String uname() {
      try {
        // By lines: a whole-file read of a sysctl may return its first byte only.
        return Files.readAllLines(Path.of("/proc/sys/kernel/osrelease")).get(0).strip();
      } catch (java.io.IOException e) {
        return "?";
      }
    }
  }
}
