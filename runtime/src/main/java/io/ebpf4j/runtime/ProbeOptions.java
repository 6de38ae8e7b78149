package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.ProgramConventions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link ProbeSession} runs. Start from {@link #defaults()}.
 *
 * @param ringBufferPages the size of the kernel's events ring buffer, in pages: a power of two, 1
 *     or more, and at most {@value #MAX_RING_BUFFER_BYTES} bytes ({@link #maxRingBufferPages()}:
 *     524288 pages of 4 KiB), because the kernel takes a ring buffer's size as a 32-bit power of
 *     two. When handlers fall behind and the buffer fills, the kernel drops new events and
 *     counts them ({@link ProbeSession#lostEvents()}); a bigger buffer absorbs longer bursts and
 *     pauses of the delivery thread. Default {@value #DEFAULT_RING_BUFFER_PAGES} (8 MiB with 4
 *     KiB pages): at a million events a second of the smallest event (56 bytes with the kernel's
 *     record header) it holds about 150 ms, enough for a cold JVM to compile the delivery path or
 *     for a GC pause. The memory is the kernel's, allocated when the session starts.
 * @param onlyProcess 0 to trace every process; otherwise the one process id (thread group id)
 *     whose events are kept. The filter runs in the kernel, before an event takes buffer space.
 * @param closeTimeout how long {@link ProbeSession#close()} lets the handlers work through the
 *     events still in the buffer. What is left when it passes is counted as lost ({@link
 *     SessionStats#undeliveredAtClose()}), not delivered. Default 5 seconds.
 * @param onlyUser -1 to trace every user; otherwise the one user id whose threads' events are
 *     kept: the {@code uid} the events report. In the kernel, before an event takes buffer space.
 * @param onlyCgroup 0 to trace every cgroup; otherwise the id of the one cgroup v2 whose tasks'
 *     events are kept, as {@link #withOnlyCgroup(Path)} finds it. Only tasks in exactly that
 *     cgroup match, not those of its descendants. In the kernel, before an event takes buffer
 *     space.
 * @param stackMapSize how many distinct stacks the stack map of probes with {@code stacks} holds
 *     (its {@code max_entries}); one more is lost and counted ({@link
 *     SessionStats#stacksLost()}). Default {@value #DEFAULT_STACK_MAP_SIZE}; each entry takes
 *     the kernel about 1 KiB (127 frames of 8 bytes)
 */
public record ProbeOptions(
    int ringBufferPages,
    long onlyProcess,
    Duration closeTimeout,
    int onlyUser,
    long onlyCgroup,
    int stackMapSize) {
  /** The default {@link #stackMapSize()}. */
  public static final int DEFAULT_STACK_MAP_SIZE = ProgramConventions.DEFAULT_STACK_MAP_SIZE;

  /** The default ring buffer size, in pages: 8 MiB with 4 KiB pages. */
  public static final int DEFAULT_RING_BUFFER_PAGES =
      ProgramConventions.DEFAULT_RING_BUFFER_PAGES;

  /** The default {@link #closeTimeout()}. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The largest ring buffer the kernel makes, in bytes: 2 GiB. Its size ({@code max_entries} of
   * {@code BPF_MAP_TYPE_RINGBUF}) is a {@code __u32} and a power of two.
   */
  public static final long MAX_RING_BUFFER_BYTES = 1L << 31;

  /** Options with the default {@link #stackMapSize()}. */
  public ProbeOptions(
      int ringBufferPages, long onlyProcess, Duration closeTimeout, int onlyUser, long onlyCgroup) {
    this(ringBufferPages, onlyProcess, closeTimeout, onlyUser, onlyCgroup, DEFAULT_STACK_MAP_SIZE);
  }

  public ProbeOptions {
    if (stackMapSize < 1) {
      throw new IllegalArgumentException(
          "stackMapSize must be 1 or more stacks, like 16384; got " + stackMapSize);
    }
    if (ringBufferPages <= 0 || Integer.bitCount(ringBufferPages) != 1) {
      throw new IllegalArgumentException(
          "ringBufferPages must be a power of two, like 64 or 1024; got " + ringBufferPages);
    }
    if (ringBufferPages > maxRingBufferPages()) {
      // Bigger sizes wrap to 0 in the BPF C and surface as a clang warning and a kernel EINVAL.
      throw new IllegalArgumentException(
          "ringBufferPages must be at most "
              + maxRingBufferPages()
              + " ("
              + (MAX_RING_BUFFER_BYTES >> 20)
              + " MiB with "
              + Libc.get().pageSize()
              + "-byte pages, the kernel's largest ring buffer); got "
              + ringBufferPages
              + " ("
              + ((long) ringBufferPages * Libc.get().pageSize() >> 20)
              + " MiB)");
    }
    if (onlyProcess < 0) {
      throw new IllegalArgumentException("onlyProcess is a process id, or 0 for all; got " + onlyProcess);
    }
    if (closeTimeout == null || closeTimeout.isNegative()) {
      throw new IllegalArgumentException("closeTimeout must be zero or more; got " + closeTimeout);
    }
    if (onlyUser < -1) {
      throw new IllegalArgumentException("onlyUser is a user id, or -1 for all; got " + onlyUser);
    }
    if (onlyCgroup < 0) {
      throw new IllegalArgumentException(
          "onlyCgroup is a cgroup id, or 0 for all; got " + onlyCgroup
              + "; pass the cgroup's directory to withOnlyCgroup(Path)");
    }
  }

  /** The largest {@link #ringBufferPages()} with this kernel's page size. */
  public static int maxRingBufferPages() {
    return (int) (MAX_RING_BUFFER_BYTES / Libc.get().pageSize());
  }

  public static ProbeOptions defaults() {
    return new ProbeOptions(DEFAULT_RING_BUFFER_PAGES, 0, DEFAULT_CLOSE_TIMEOUT, -1, 0);
  }

  public ProbeOptions withRingBufferPages(int pages) {
    return new ProbeOptions(
        pages, onlyProcess, closeTimeout, onlyUser, onlyCgroup, stackMapSize);
  }

  /** Keeps only the events of process {@code pid}, as bcc tools' {@code -p PID} does. */
  public ProbeOptions withOnlyProcess(long pid) {
    return new ProbeOptions(
        ringBufferPages, pid, closeTimeout, onlyUser, onlyCgroup, stackMapSize);
  }

  /**
   * Keeps only the events of threads running as user {@code uid} (their real uid, as {@code
   * uid()} of the events reports it), as bcc tools' {@code -u UID} does.
   *
   * @throws IllegalArgumentException if {@code uid} is negative
   */
  public ProbeOptions withOnlyUser(int uid) {
    if (uid < 0) {
      throw new IllegalArgumentException("withOnlyUser takes a user id, 0 or more; got " + uid);
    }
    return new ProbeOptions(
        ringBufferPages, onlyProcess, closeTimeout, uid, onlyCgroup, stackMapSize);
  }

  /**
   * Keeps only the events of tasks in the cgroup v2 whose directory is {@code cgroup} ({@code
   * /sys/fs/cgroup/system.slice/app.service}), as {@code bpf_get_current_cgroup_id()} sees
   * them: tasks in exactly that cgroup, not in its children. One container's service can so be
   * traced on a busy host.
   *
   * @throws IllegalArgumentException if {@code cgroup} is not a directory of a cgroup v2 file
   *     system; the message says where this machine mounts one
   */
  public ProbeOptions withOnlyCgroup(Path cgroup) {
    return new ProbeOptions(
        ringBufferPages, onlyProcess, closeTimeout, onlyUser, CgroupIds.of(cgroup),
        stackMapSize);
  }

  /** Sets {@link #closeTimeout()}; zero delivers nothing more once {@code close} is called. */
  public ProbeOptions withCloseTimeout(Duration timeout) {
    return new ProbeOptions(
        ringBufferPages, onlyProcess, timeout, onlyUser, onlyCgroup, stackMapSize);
  }

  /** Sets {@link #stackMapSize()}: the distinct stacks the stack map holds. */
  public ProbeOptions withStackMapSize(int stacks) {
    return new ProbeOptions(
        ringBufferPages, onlyProcess, closeTimeout, onlyUser, onlyCgroup, stacks);
  }
}
