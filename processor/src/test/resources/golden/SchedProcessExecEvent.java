package com.example;

import javax.annotation.processing.Generated;

/**
 * A hit of the tracepoint {@code sched:sched_process_exec}, from its format {@code sched/sched_process_exec/format}.
 *
 * <p>Pointers are kernel addresses. Unsigned C types keep their width and bits: read an
 * {@code unsigned int} with {@link Integer#toUnsignedLong}.
 *
 * <p>Strings are decoded as UTF-8 up to their first NUL. One copied by the probe holds at most its
 * {@code stringSize} bytes (256 unless the annotation says otherwise), the NUL included: a longer
 * string arrives cut to {@code stringSize - 1} bytes, and one the kernel could not read arrives
 * empty.
 *
 * <p>A field named like one of the first six components has {@code Field} appended ({@code pid}
 * is {@code pidField}); one named like a Java keyword or an {@code Object} method has {@code _}
 * appended.
 *
 * @param timestampNanos {@code bpf_ktime_get_ns()} at the hit: nanoseconds since boot, not counting suspend
 * @param pid the current process (thread group id)
 * @param tid the current thread
 * @param uid the current thread's user id
 * @param gid the current thread's group id
 * @param comm the current thread's command name, at most 15 bytes
 * @param filename {@code __data_loc char[] filename}
 * @param pidField {@code pid_t pid}
 * @param old_pid {@code pid_t old_pid}
 */
@Generated("io.ebpf4j.processor.ProbeProcessor")
public record SchedProcessExecEvent(long timestampNanos, int pid, int tid, int uid, int gid,
    String comm, String filename, int pidField, int old_pid) {
}
