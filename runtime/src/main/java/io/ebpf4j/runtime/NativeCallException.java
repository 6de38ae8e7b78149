package io.ebpf4j.runtime;

/**
 * A native call into libbcc or libc failed. Carries the function, the {@code errno} the call left
 * (0 when it set none) and what {@code strerror} says of it.
 */
public class NativeCallException extends Ebpf4jException {
  private static final long serialVersionUID = 1L;

  private final String function;
  private final int errno;

  public NativeCallException(String function, int errno, String message) {
    super(
        function
            + " failed"
            + (errno != 0 ? " (errno " + errno + ", " + Libc.get().strerror(errno) + ")" : "")
            + ": "
            + message);
    this.function = function;
    this.errno = errno;
  }

  /** The native function that failed, for example {@code bpf_attach_tracepoint}. */
  public String function() {
    return function;
  }

  /** The {@code errno} the call left, or 0. */
  public int errno() {
    return errno;
  }
}
