package io.ebpf4j.api.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** Encoding helpers for generated {@link EventEncoder}s: the inverse of {@link Decoding}. */
public final class Encoding {

  /**
   * Writes {@code value} as a C string at {@code offset}: its UTF-8 bytes, at most {@code
   * capacity - 1} of them, then NUL bytes up to {@code capacity}, as {@code bpf_probe_read_str}
   * leaves a string it had to cut.
   */
  public static void cString(MemorySegment event, long offset, int capacity, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    int length = Math.min(bytes.length, capacity - 1);
    MemorySegment.copy(bytes, 0, event, ValueLayout.JAVA_BYTE, offset, length);
    event.asSlice(offset + length, capacity - length).fill((byte) 0);
  }

  /** Checks that an array component has the {@code length} elements its member holds. */
  public static void checkLength(String component, int actual, int length) {
    if (actual != length) {
      throw new IllegalArgumentException(
          component + " has " + actual + " elements; the event holds exactly " + length);
    }
  }

  private Encoding() {}
}
