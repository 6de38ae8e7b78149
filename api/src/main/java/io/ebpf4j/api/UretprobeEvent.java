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
 * @param stacks the call stacks the probe captured ({@link Uretprobe#stacks()}), at the return;
 *     {@link EventStacks#NONE} if it takes none
 */
public record UretprobeEvent(
    long timestampNanos,
    int pid,
    int tid,
    int uid,
    int gid,
    String comm,
    long ret,
    EventStacks stacks) {

  /**
   * An event without stacks: the record as it was before it carried them, for code that makes
   * events (tests, encoders) and probes without {@code stacks}.
   */
  public UretprobeEvent(
      long timestampNanos, int pid, int tid, int uid, int gid, String comm, long ret) {
    this(timestampNanos, pid, tid, uid, gid, comm, ret, EventStacks.NONE);
  }

  /**
   * The user stack of the thread at the return; see {@link EventStacks#user()}. Its innermost
   * frame is the caller's: the returning function's frame is gone.
   */
  public StackTrace userStack() {
    return stacks.user();
  }
}
