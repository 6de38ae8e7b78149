package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * This process's libc, except that {@code close} is logged and not done: the descriptors it gets
 * are {@link FakeLibbcc}'s made-up ones, and closing them for real would close the test's own.
 */
record RecordingLibc(List<String> calls) implements Libc {
  private static final Libc REAL = Libc.get();

  @Override
  public int close(int fd) {
    calls.add("close " + fd);
    return 0;
  }

  @Override
  public String strerror(int errno) {
    return REAL.strerror(errno);
  }

  @Override
  public int pageSize() {
    return REAL.pageSize();
  }

  @Override
  public int dup(int fd) {
    throw new UnsupportedOperationException("a module does not dup");
  }

  @Override
  public void dup2(int from, int to) {
    throw new UnsupportedOperationException("a module does not dup2");
  }

  @Override
  public int[] pipe() {
    throw new UnsupportedOperationException("a module makes no pipes");
  }

  @Override
  public void flushStdio() {
    REAL.flushStdio();
  }

  @Override
  public int open(String path, int flags) {
    throw new UnsupportedOperationException("a module opens no files");
  }

  @Override
  public int poll(MemorySegment fds, long count, int timeoutMillis) {
    throw new UnsupportedOperationException("nothing to poll without a kernel");
  }

  @Override
  public long read(int fd, MemorySegment buffer, long count) {
    throw new UnsupportedOperationException("nothing to read without a kernel");
  }

  @Override
  public long write(int fd, MemorySegment buffer, long count) {
    throw new UnsupportedOperationException("nothing to write without a kernel");
  }

  @Override
  public MemorySegment mmap(long length, int protection, int fd, long offset, String failure) {
    calls.add("mmap " + fd);
    throw new NativeCallException("mmap", 19, failure); // ENODEV: a made-up fd maps nothing
  }

  @Override
  public void munmap(long address, long length) {
    throw new UnsupportedOperationException("nothing was mapped");
  }

  @Override
  public int dropPages(long address, long length) {
    return 0; // the pages stay: a test's process keeps its code
  }

  @Override
  public boolean trimNativeHeap() {
    calls.add("malloc_trim");
    return false;
  }
}
