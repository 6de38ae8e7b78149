package com.example;

import io.ebpf4j.api.internal.Encoding;
import io.ebpf4j.api.internal.EventEncoder;
import io.ebpf4j.api.internal.EventHeader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * Encodes the events of {@link NetProbes} as its probes write them, for tests.
 */
@Generated("io.ebpf4j.processor.ProbeProcessor")
public final class NetProbes_Ebpf4jEncoder implements EventEncoder {
  public NetProbes_Ebpf4jEncoder() {
  }

  @Override
  public Optional<Class<?>> recordType(int probeId) {
    return switch (probeId) {
      case 0 -> Optional.of(BindEvent.class);
      default -> Optional.empty();
    };
  }

  @Override
  public MemorySegment encode(int probeId, Object record, SegmentAllocator allocator) {
    switch (probeId) {
      case 0 -> {
        return encode0(record, allocator);
      }
      default -> throw new IllegalArgumentException("probe " + probeId + " of com.example.NetProbes streams no events");
    }
  }

  private static MemorySegment encode0(Object record, SegmentAllocator allocator) {
    BindEvent r = (BindEvent) record;
    MemorySegment event = allocator.allocate(64, 8);
    event.fill((byte) 0);
    event.set(ValueLayout.JAVA_LONG, EventHeader.TIMESTAMP_OFFSET, r.timestampNanos());
    event.set(ValueLayout.JAVA_INT, EventHeader.PROBE_ID_OFFSET, 0);
    event.set(ValueLayout.JAVA_INT, EventHeader.PID_OFFSET, r.pid());
    event.set(ValueLayout.JAVA_INT, EventHeader.TID_OFFSET, r.tid());
    event.set(ValueLayout.JAVA_INT, EventHeader.UID_OFFSET, r.uid());
    event.set(ValueLayout.JAVA_INT, EventHeader.GID_OFFSET, r.gid());
    Encoding.cString(event, EventHeader.COMM_OFFSET, EventHeader.COMM_LENGTH, r.comm());
    event.set(ValueLayout.JAVA_INT, 44, r.fd());
    event.set(ValueLayout.JAVA_LONG, 48, r.umyaddr());
    event.set(ValueLayout.JAVA_INT, 56, r.addrlen());
    return event;
  }
}
