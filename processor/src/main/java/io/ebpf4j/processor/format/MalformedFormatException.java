package io.ebpf4j.processor.format;

import io.ebpf4j.processor.base.Messages;

/** A tracepoint format file that does not parse; the message names the file and line. */
public final class MalformedFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedFormatException(String location, int line, String problem) {
    super(Messages.malformedFormat(location, line, problem));
  }
}
