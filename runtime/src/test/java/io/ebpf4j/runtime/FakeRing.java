package io.ebpf4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The producer side of a BPF ring buffer in plain memory, laid out as the kernel lays it out
 * ({@code kernel/bpf/ringbuf.c}): a consumer page, a producer page, and the data area, once, as
 * {@link MappedRingBuffer} maps it.
 */
final class FakeRing {
  static final int PAGE = 4096;
  static final int BUSY = 1 << 31;
  static final int DISCARD = 1 << 30;

  final long size;
  final Arena arena = Arena.ofShared();
  final MemorySegment consumerPage = arena.allocate(PAGE, 8);
  final MemorySegment producerPage = arena.allocate(PAGE, 8);
  final MemorySegment data;
  private long producerPos;

  FakeRing(long size) {
    this.size = size;
    this.data = arena.allocate(size, 8);
  }

  MappedRingBuffer reader(MappedRingBuffer.Wakeups wakeups) {
    return new MappedRingBuffer(arena, consumerPage, producerPage, data, size, PAGE, wakeups);
  }

  /** Reserves and fills a record of {@code payload} with header flags {@code flags}; returns its position. */
  long write(byte[] payload, int flags) {
    long at = producerPos;
    putInt(at, payload.length | flags);
    putInt(at + 4, 0); // pg_off: the kernel's, unused by readers
    for (int i = 0; i < payload.length; i++) {
      putByte(at + 8 + i, payload[i]);
    }
    producerPos += (payload.length + 8 + 7) & ~7L;
    producerPage.set(ValueLayout.JAVA_LONG, 0, producerPos);
    return at;
  }

  /** Clears the busy bit of the record at {@code at}: the program submitted it. */
  void submit(long at) {
    int header = data.get(ValueLayout.JAVA_INT, at & (size - 1));
    putInt(at, header & ~BUSY);
  }

  long consumerPos() {
    return consumerPage.get(ValueLayout.JAVA_LONG, 0);
  }

  /** Moves both positions, as a ring that has already carried {@code pos} bytes. */
  void startAt(long pos) {
    producerPos = pos;
    producerPage.set(ValueLayout.JAVA_LONG, 0, pos);
    consumerPage.set(ValueLayout.JAVA_LONG, 0, pos);
  }

  private void putInt(long pos, int value) {
    for (int i = 0; i < 4; i++) {
      putByte(pos + i, (byte) (value >>> (8 * i)));
    }
  }

  private void putByte(long pos, byte value) {
    data.set(ValueLayout.JAVA_BYTE, pos & (size - 1), value);
  }
}
