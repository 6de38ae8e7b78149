package io.ebpf4j.runtime;

/** Something ebpf4j could not do. The message says what, and what to do about it. */
public class Ebpf4jException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Ebpf4jException(String message) {
    super(message);
  }

  public Ebpf4jException(String message, Throwable cause) {
    super(message, cause);
  }
}
