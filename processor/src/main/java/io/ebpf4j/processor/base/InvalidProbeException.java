package io.ebpf4j.processor.base;

/** A probe that cannot be generated; the message, from {@link Messages}, says why. */
public final class InvalidProbeException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidProbeException(String message) {
    super(message);
  }
}
