package io.ebpf4j.processor;

import io.ebpf4j.api.internal.EventHeader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Raw events, as the kernel would write them, for dispatch tests without a kernel. */
final class TestEvents {
  private TestEvents() {}

  /** An event of {@code size} bytes for probe {@code probeId}, with a known header. */
  static MemorySegment header(Arena arena, int size, int probeId) {
    MemorySegment event = arena.allocate(size, 8);
    event.set(ValueLayout.JAVA_LONG, EventHeader.TIMESTAMP_OFFSET, 123456789L);
    event.set(ValueLayout.JAVA_INT, EventHeader.PROBE_ID_OFFSET, probeId);
    event.set(ValueLayout.JAVA_INT, EventHeader.PID_OFFSET, 10);
    event.set(ValueLayout.JAVA_INT, EventHeader.TID_OFFSET, 11);
    event.set(ValueLayout.JAVA_INT, EventHeader.UID_OFFSET, 1000);
    event.set(ValueLayout.JAVA_INT, EventHeader.GID_OFFSET, 100);
    event.setString(EventHeader.COMM_OFFSET, "nc");
    return event;
  }
}
