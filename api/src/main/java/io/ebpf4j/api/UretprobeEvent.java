package io.ebpf4j.api;

/**
 * A return from a user-space function, for {@link Uretprobe}.
 *
 * @param timestampNanos {@code bpf_ktime_get_ns()} at return: nanoseconds since boot, not counting
 *     suspend
 * @param pid the calling process (thread group id)
 * @param tid the calling thread
 * @param uid the calling thread's user id
 * @param gid the calling thread's group id
 * @param comm the calling thread's command name, at most 15 bytes
 * @param ret the return register ({@code PT_REGS_RC}), all 64 bits: cut it to the function's
 *     return type ({@code (int) ret} for an {@code int})
 */
public record UretprobeEvent(
    long timestampNanos, int pid, int tid, int uid, int gid, String comm, long ret) {}
