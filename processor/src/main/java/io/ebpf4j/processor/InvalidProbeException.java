package io.ebpf4j.processor;

/** A probe that cannot be generated; the message, from {@link Messages}, says why. */
final class InvalidProbeException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidProbeException(String message) {
    super(message);
  }
}
