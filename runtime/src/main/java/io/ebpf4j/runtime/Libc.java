package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The few libc functions the runtime needs, typed. {@link #get()} is the JDK's libc ({@link
 * JdkLibc}); tests may hand a module another, to see which descriptors it closes.
 *
 * <p>Calls whose failure is a caller's error throw {@link NativeCallException}; calls on paths
 * that poll or copy report {@code -errno} in their result instead, so that they need no
 * exception and no allocation.
 */
interface Libc {
  int O_WRONLY = 01;
  int O_CLOEXEC = 02000000;
  int EINTR = 4;
  int EPERM = 1;
  int ENOENT = 2;
  int EACCES = 13;

  short POLLIN = 1;
  short POLLHUP = 0x10;

  int PROT_READ = 1;
  int PROT_WRITE = 2;
  int MAP_SHARED = 1;

  /** {@code struct pollfd} from {@code poll.h}. */
  StructLayout POLLFD =
      java.lang.foreign.MemoryLayout.structLayout(
          ValueLayout.JAVA_INT.withName("fd"),
          ValueLayout.JAVA_SHORT.withName("events"),
          ValueLayout.JAVA_SHORT.withName("revents"));

  /** This process's libc. */
  static Libc get() {
    return JdkLibc.INSTANCE;
  }

  /** What {@code strerror} says of {@code errno}; never fails. */
  String strerror(int errno);

  /** The kernel's page size, which sizes BPF ring buffers. */
  int pageSize();

  /** Closes {@code fd}; a failure is returned, not thrown, because callers are cleaning up. */
  int close(int fd);

  int dup(int fd);

  void dup2(int from, int to);

  /** A pipe with both ends close-on-exec: {@code {read end, write end}}. */
  int[] pipe();

  /**
   * Flushes every C stdio stream ({@code fflush(NULL)}), so that what native code left in their
   * buffers, C++'s {@code std::cout} included, is written now.
   */
  void flushStdio();

  int open(String path, int flags);

  /** {@code poll(fds, count, timeoutMillis)}: the ready descriptors, or {@code -errno}. */
  int poll(MemorySegment fds, long count, int timeoutMillis);

  /** {@code read(fd, buffer, count)}: the bytes read, or {@code -errno}. */
  long read(int fd, MemorySegment buffer, long count);

  /** {@code write(fd, buffer, count)}: the bytes written, or {@code -errno}. */
  long write(int fd, MemorySegment buffer, long count);

  /**
   * Maps {@code length} bytes of {@code fd} from {@code offset}, shared; the segment has the
   * mapping's address and size 0, for the caller to reinterpret with its own lifetime.
   *
   * @throws NativeCallException with {@code failure} if the kernel refuses
   */
  MemorySegment mmap(long length, int protection, int fd, long offset, String failure);

  /** Unmaps what {@link #mmap} mapped; a failure is ignored, as at any cleanup. */
  void munmap(long address, long length);

  /**
   * {@code madvise(address, length, MADV_DONTNEED)}: drops the resident pages of a range, which
   * a file-backed, never-written mapping faults in again from the file. 0, or the errno.
   */
  int dropPages(long address, long length);

  /**
   * {@code malloc_trim(0)}: gives the C heap's free pages back to the kernel. After a compile
   * they are clang's, freed but kept by the allocator, some 35 MB. False where the C library has
   * no such call (musl) or nothing was given back.
   */
  boolean trimNativeHeap();
}
