package io.ebpf4j.api.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** Decoding helpers for generated dispatchers. */
public final class Decoding {

  /**
   * Reads the C string at {@code offset}: the bytes up to the first NUL, or all {@code
   * capacity} bytes if there is none, decoded as UTF-8. Never reads past {@code offset +
   * capacity}.
   */
  public static String cString(MemorySegment event, long offset, int capacity) {
    int length = 0;
    while (length < capacity && event.get(ValueLayout.JAVA_BYTE, offset + length) != 0) {
      length++;
    }
    byte[] bytes = new byte[length];
    MemorySegment.copy(event, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private Decoding() {}
}
