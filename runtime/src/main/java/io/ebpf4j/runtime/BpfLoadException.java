package io.ebpf4j.runtime;

/** The kernel refused to load a BPF function; {@link #verifierLog()} says why. */
public final class BpfLoadException extends NativeCallException {
  private static final long serialVersionUID = 1L;

  private final String functionName;
  private final String verifierLog;

  BpfLoadException(String functionName, int errno, String verifierLog, String hints) {
    super(
        "bcc_func_load",
        errno,
        "the kernel rejected BPF function "
            + functionName
            + (verifierLog.isBlank()
                ? ""
                : "; the verifier said:\n" + tail(verifierLog, 40))
            + (hints.isBlank() ? "" : "\n" + hints.strip()));
    this.functionName = functionName;
    this.verifierLog = verifierLog;
  }

  /** The C function that was rejected. */
  public String functionName() {
    return functionName;
  }

  /** The verifier's whole log, or an empty string if the kernel gave none. */
  public String verifierLog() {
    return verifierLog;
  }

  /** The verifier's verdict is at the end of its log. */
  private static String tail(String log, int lines) {
    String[] all = log.strip().split("\n");
    int from = Math.max(0, all.length - lines);
    return (from > 0 ? "...\n" : "") + String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
  }
}
