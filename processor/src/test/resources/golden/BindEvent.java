package com.example;

import javax.annotation.processing.Generated;

/**
 * An entry to the {@code bind} system call, from the tracepoint format {@code syscalls/sys_enter_bind/format}.
 *
 * <p>Pointers are user-space addresses. Unsigned C types keep their width and bits: read an
 * {@code unsigned int} with {@link Integer#toUnsignedLong}.
 *
 * @param timestampNanos {@code bpf_ktime_get_ns()} at entry: nanoseconds since boot, not counting suspend
 * @param pid the calling process (thread group id)
 * @param tid the calling thread
 * @param uid the calling thread's user id
 * @param gid the calling thread's group id
 * @param comm the calling thread's command name, at most 15 bytes
 * @param fd {@code int fd}
 * @param umyaddr {@code struct sockaddr * umyaddr}
 * @param addrlen {@code int addrlen}
 */
@Generated("io.ebpf4j.processor.ProbeProcessor")
public record BindEvent(long timestampNanos, int pid, int tid, int uid, int gid, String comm,
    int fd, long umyaddr, int addrlen) {
}
