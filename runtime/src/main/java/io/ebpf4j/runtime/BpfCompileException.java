package io.ebpf4j.runtime;

/** bcc's clang could not compile the BPF C; {@link #diagnostics()} holds what it printed. */
public final class BpfCompileException extends Ebpf4jException {
  private static final long serialVersionUID = 1L;

  private final String diagnostics;

  BpfCompileException(String what, String diagnostics) {
    super(
        "bcc could not compile "
            + what
            + (diagnostics.isBlank() ? " (it printed nothing)" : ":\n" + diagnostics.strip()));
    this.diagnostics = diagnostics;
  }

  /** What bcc and clang printed while compiling. */
  public String diagnostics() {
    return diagnostics;
  }
}
