package io.ebpf4j.runtime;

/** bcc's clang could not compile the BPF C; {@link #diagnostics()} holds what it printed. */
public final class BpfCompileException extends Ebpf4jException {
  private static final long serialVersionUID = 1L;

  private final String diagnostics;

  /**
   * @param diagnostics what bcc printed, on stderr and stdout
   * @param hint what to do, when ebpf4j can tell more than bcc (missing headers); or empty
   */
  BpfCompileException(String what, String diagnostics, String hint) {
    super(
        "bcc could not compile "
            + what
            + (diagnostics.isBlank() ? " (it printed nothing)" : ":\n" + diagnostics.strip())
            + (hint.isEmpty() ? "" : "\n" + hint));
    this.diagnostics = diagnostics;
  }

  /** What bcc and clang printed while compiling, on stderr and stdout. */
  public String diagnostics() {
    return diagnostics;
  }
}
