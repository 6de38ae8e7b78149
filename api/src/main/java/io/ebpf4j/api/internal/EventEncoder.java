package io.ebpf4j.api.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.Optional;

/**
 * Encodes event records into the bytes the kernel writes for them, so that a test can hand them
 * to the {@link EventDispatcher} without a kernel. Generated for every handler class, as {@code
 * com.example.NetProbes_Ebpf4jEncoder} (see {@link ProgramConventions#ENCODER_CLASS_SUFFIX}), with
 * a public no-argument constructor; the mirror of the program's decoders, offset for offset.
 */
public interface EventEncoder {

  /**
   * The record class that the handler of probe {@code probeId} takes, or empty for a probe that
   * streams no events (an {@code @Aggregate}) or an unknown id.
   */
  Optional<Class<?>> recordType(int probeId);

  /**
   * The event of probe {@code probeId} for {@code record}, in a segment from {@code allocator}.
   * A string longer than its member holds is cut, as the kernel cuts it, to leave room for its
   * NUL; an array must have the member's length.
   *
   * @throws IllegalArgumentException if the probe streams no events, or an array's length differs
   * @throws ClassCastException if {@code record} is not of {@link #recordType}
   */
  MemorySegment encode(int probeId, Object record, SegmentAllocator allocator);
}
