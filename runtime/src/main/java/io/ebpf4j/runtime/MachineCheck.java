package io.ebpf4j.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether this machine can run ebpf4j's probes, checked the way a session's start checks, without
 * loading anything: for tests that should skip, with the reason, where it cannot (see {@code
 * io.ebpf4j.test.WithProbes}).
 */
public final class MachineCheck {
  private MachineCheck() {}

  /**
   * What keeps this process from starting probes, each problem a sentence that names its fix;
   * empty if nothing does. Checks Linux, the BPF privileges, a readable tracefs, libbcc, and the
   * kernel headers bcc compiles against.
   */
  public static List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!"Linux".equals(System.getProperty("os.name"))) {
      problems.add("this is not Linux but " + System.getProperty("os.name"));
      return problems;
    }
    try {
      Kernel.requireBpfPrivileges();
    } catch (Ebpf4jException e) {
      problems.add(e.getMessage());
    }
    try {
      Kernel.tracefs();
    } catch (Ebpf4jException e) {
      problems.add(e.getMessage()); // not mounted, or mounted but unreadable
    }
    try {
      Libbcc.get();
    } catch (LinkageError e) {
      problems.add(e.getMessage());
    }
    String headers = Kernel.missingHeadersHint();
    if (!headers.isEmpty()) {
      problems.add(headers);
    }
    return problems;
  }
}
