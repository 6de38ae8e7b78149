package io.ebpf4j.runtime;

/**
 * Started by {@link PrivilegesKernelTest} in a child JVM with other privileges: starts the probes
 * of one kind and prints {@code started} or {@code failed:} with the message.
 */
final class PrivilegeChild {
  private PrivilegeChild() {}

  public static void main(String[] args) {
    Class<?> probes =
        switch (args[0]) {
          case "tracepoint" -> ExecProbes.class;
          case "syscall" -> NetProbes.class; // a @Kprobe on a system call: tracepoints here
          case "uprobe" -> LibcProbes.class;
          default -> throw new IllegalArgumentException("tracepoint, syscall or uprobe: " + args[0]);
        };
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      System.out.println("started: " + session.attachments());
    } catch (Ebpf4jException e) {
      System.out.println("failed: " + e.getMessage());
    }
  }
}
