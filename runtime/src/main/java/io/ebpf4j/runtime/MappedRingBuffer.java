package io.ebpf4j.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The consumer side of a {@code BPF_MAP_TYPE_RINGBUF}, read straight from its memory mapping:
 * records are handed out as slices of the kernel's buffer, with no copy and no native call per
 * record. The layout and the protocol are the kernel's ({@code kernel/bpf/ringbuf.c}, {@code
 * struct bpf_ringbuf_hdr} in {@code include/uapi/linux/bpf.h}), as libbpf's {@code ringbuf.c}
 * reads them:
 *
 * <ul>
 *   <li>offset 0 of the map fd: one page holding {@code consumer_pos}, the only writable page;
 *   <li>offset one page: a page holding {@code producer_pos}, then the data area;
 *   <li>each record: an 8-byte header whose first {@code u32} is the length with a busy bit (not
 *       yet submitted) and a discard bit, then the data, padded to 8 bytes.
 * </ul>
 *
 * <p>The kernel offers the data area twice in a row, so that a record that wraps around the end
 * is contiguous, and libbpf maps both. This maps it once: the second copy is the same pages, and
 * the process's resident size counts every page it maps, so the double mapping made a 2,048-page
 * buffer (8 MiB) look like 16 MiB of RSS. A record that does wrap, one per lap at most, is copied
 * into a buffer of this reader's and handed out from there. Headers are 8-byte aligned, so they
 * never wrap.
 *
 * <p>Only one thread may call {@link #drain} and {@link #awaitData}.
 */
final class MappedRingBuffer {
  private static final int BUSY_BIT = 1 << 31;
  private static final int DISCARD_BIT = 1 << 30;
  private static final int HEADER_SIZE = 8;
  private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
  private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

  /** What {@link #drain} hands each record to; the slice is only valid during the call. */
  @FunctionalInterface
  interface RecordSink {
    void accept(MemorySegment record);
  }

  /** Waits for the kernel to signal data: {@code poll(2)} on the map's file descriptor. */
  @FunctionalInterface
  interface Wakeups {
    /**
     * @return false if the wait failed other than by a signal
     */
    boolean await(int timeoutMillis);
  }

  /** Owns the memory; closing it unmaps it, and any late access then throws. */
  private final Arena arena;
  private final MemorySegment consumerPage;
  private final MemorySegment producerPage;
  private final MemorySegment data;
  private final Wakeups wakeups;
  private final long dataSize;
  private final long mask;
  /** Where a record that wraps around the end is put together; grown as needed, never shrunk. */
  private MemorySegment wrapped = MemorySegment.NULL;
  /** Consumed space is handed back to the kernel at least this often, in bytes. */
  private final long publishEvery;
  private long consumerPos;
  /** Whether the last {@link #drain} stopped at a record reserved but not yet submitted. */
  private boolean stoppedAtUnsubmitted;

  /**
   * A ring buffer over memory laid out as the kernel's: {@code data} is the {@code dataSize}
   * bytes of the data area. {@link #close()} closes {@code arena}.
   */
  MappedRingBuffer(
      Arena arena,
      MemorySegment consumerPage,
      MemorySegment producerPage,
      MemorySegment data,
      long dataSize,
      int pageSize,
      Wakeups wakeups) {
    this.arena = arena;
    this.consumerPage = consumerPage;
    this.producerPage = producerPage;
    this.data = data;
    this.wakeups = wakeups;
    this.dataSize = dataSize;
    this.mask = dataSize - 1;
    this.publishEvery = Math.max(dataSize / 4, pageSize);
    this.consumerPos = (long) LONG.getAcquire(consumerPage, 0L);
  }

  /**
   * Maps the ring buffer {@code mapFd} whose data area is {@code dataSize} bytes (the map's
   * {@code max_entries}: a power of two, a multiple of the page size).
   */
  static MappedRingBuffer map(Libc libc, int mapFd, long dataSize, int pageSize) {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment consumerPage =
          map(libc, arena, mapFd, pageSize, Libc.PROT_READ | Libc.PROT_WRITE, 0);
      MemorySegment producerAndData =
          map(libc, arena, mapFd, pageSize + dataSize, Libc.PROT_READ, pageSize);
      MemorySegment pollFd = arena.allocate(Libc.POLLFD);
      pollFd.set(ValueLayout.JAVA_INT, 0, mapFd);
      pollFd.set(ValueLayout.JAVA_SHORT, 4, Libc.POLLIN);
      Wakeups poll =
          timeoutMillis -> {
            int rc = libc.poll(pollFd, 1L, timeoutMillis);
            return rc >= 0 || rc == -Libc.EINTR;
          };
      return new MappedRingBuffer(
          arena,
          consumerPage,
          producerAndData.asSlice(0, pageSize),
          producerAndData.asSlice(pageSize, dataSize),
          dataSize,
          pageSize,
          poll);
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
  }

  private static MemorySegment map(
      Libc libc, Arena arena, int fd, long length, int protection, long offset) {
    MemorySegment address =
        libc.mmap(
            length, protection, fd, offset, "cannot map the events ring buffer (" + length + " bytes)");
    return address.reinterpret(length, arena, unmapped -> libc.munmap(unmapped.address(), length));
  }

  /**
   * Hands every submitted record to {@code sink}, in order, until the buffer is empty or the next
   * record is still being written, and gives the space back to the kernel.
   *
   * @return the records handed out
   */
  long drain(RecordSink sink) {
    long count = 0;
    long cons = consumerPos;
    long published = cons;
    boolean busy = false;
    while (true) {
      long prod = (long) LONG.getAcquire(producerPage, 0L);
      if (cons >= prod) {
        break;
      }
      while (cons < prod) {
        long offset = cons & mask;
        int header = (int) INT.getAcquire(data, offset);
        if ((header & BUSY_BIT) != 0) {
          busy = true; // reserved, not yet submitted: the records after it wait too
          break;
        }
        int length = header & ~(BUSY_BIT | DISCARD_BIT);
        if ((header & DISCARD_BIT) == 0) {
          count++;
          sink.accept(record(offset + HEADER_SIZE, length));
        }
        cons += (length + HEADER_SIZE + 7) & ~7L;
        if (cons - published >= publishEvery) {
          LONG.setRelease(consumerPage, 0L, cons);
          published = cons;
        }
      }
      // The kernel wakes the reader only for a record written while consumer_pos equals its
      // position, so publishing once per pass, not per record, also keeps wakeups rare.
      LONG.setRelease(consumerPage, 0L, cons);
      published = cons;
      if (busy) {
        break;
      }
    }
    consumerPos = cons;
    stoppedAtUnsubmitted = busy;
    return count;
  }

  /**
   * The {@code length} bytes at {@code offset} of the data area: a slice of it, or, where they
   * run past its end, a copy of the two pieces in {@link #wrapped}.
   */
  private MemorySegment record(long offset, int length) {
    long start = offset & mask; // the header may fill the area's last 8 bytes
    long first = dataSize - start;
    if (length <= first) {
      return data.asSlice(start, length);
    }
    if (wrapped.byteSize() < length) {
      wrapped = Arena.ofAuto().allocate(Math.max(length, 4096), HEADER_SIZE);
    }
    MemorySegment.copy(data, start, wrapped, 0, first);
    MemorySegment.copy(data, 0, wrapped, first, length - first);
    return wrapped.asSlice(0, length);
  }

  /** Whether the last {@link #drain} stopped at a record a program has not submitted yet. */
  boolean stoppedAtUnsubmitted() {
    return stoppedAtUnsubmitted;
  }

  /**
   * Steps over the record at the consumer position, reserved and never submitted, and gives its
   * space back. Only once no program can submit it any more: after the probes are detached and
   * the programs that were running had time to finish.
   */
  void skipUnsubmitted() {
    int header = (int) INT.getAcquire(data, consumerPos & mask);
    int length = header & ~(BUSY_BIT | DISCARD_BIT);
    consumerPos += (length + HEADER_SIZE + 7) & ~7L;
    LONG.setRelease(consumerPage, 0L, consumerPos);
    stoppedAtUnsubmitted = false;
  }

  /**
   * Waits until the kernel signals data or {@code timeoutMillis} pass; returns at once if there
   * is data already. The kernel signals only the first record after the reader caught up.
   *
   * @return false if the wait failed other than by a signal
   */
  boolean awaitData(int timeoutMillis) {
    return wakeups.await(timeoutMillis);
  }

  /** Unmaps the buffer (frees its memory). Only after the polling thread is done with it. */
  void close() {
    arena.close();
  }
}
