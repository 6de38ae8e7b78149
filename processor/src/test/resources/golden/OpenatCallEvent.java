package com.example;

import javax.annotation.processing.Generated;

/**
 * A completed call of the {@code openat} system call: its arguments at entry, from the tracepoint format {@code syscalls/sys_enter_openat/format}, its return value and its latency. The entry waits in the kernel, in an LRU hash of at most 10240 calls in flight: when it is full, the least recently entered call makes room, and its event counts as lost.
 *
 * <p>Pointers are user-space addresses. Unsigned C types keep their width and bits: read an
 * {@code unsigned int} with {@link Integer#toUnsignedLong}.
 *
 * <p>Strings are decoded as UTF-8 up to their first NUL. One copied by the probe holds at most its
 * {@code stringSize} bytes (256 unless the annotation says otherwise), the NUL included: a longer
 * string arrives cut to {@code stringSize - 1} bytes, and one the kernel could not read arrives
 * empty.
 *
 * @param timestampNanos {@code bpf_ktime_get_ns()} at entry: nanoseconds since boot, not counting suspend
 * @param pid the calling process (thread group id)
 * @param tid the calling thread
 * @param uid the calling thread's user id
 * @param gid the calling thread's group id
 * @param comm the calling thread's command name, at most 15 bytes
 * @param dfd {@code int dfd}
 * @param filename {@code const char * filename}
 * @param flags {@code int flags}
 * @param mode {@code umode_t mode}
 * @param ret the value returned, a negative errno on failure ({@code long ret})
 * @param latencyNanos nanoseconds from the entry to the return
 */
@Generated("io.ebpf4j.processor.ProbeProcessor")
public record OpenatCallEvent(long timestampNanos, int pid, int tid, int uid, int gid, String comm,
    int dfd, String filename, int flags, short mode, long ret, long latencyNanos) {
}
