package io.ebpf4j.api;

/**
 * An entry to a user-space function, for {@link Uprobe}.
 *
 * <p>The arguments are the registers of the first six integer or pointer arguments of the
 * platform's C calling convention ({@code PT_REGS_PARM1} to {@code PT_REGS_PARM6}), all 64 bits,
 * whether the function takes them or not: cut each to its C type ({@code (int) arg0}). Pointers are
 * addresses in the traced process.
 *
 * @param timestampNanos {@code bpf_ktime_get_ns()} at entry: nanoseconds since boot, not counting
 *     suspend
 * @param pid the calling process (thread group id)
 * @param tid the calling thread
 * @param uid the calling thread's user id
 * @param gid the calling thread's group id
 * @param comm the calling thread's command name, at most 15 bytes
 * @param arg0 the first argument's register
 * @param arg1 the second argument's register
 * @param arg2 the third argument's register
 * @param arg3 the fourth argument's register
 * @param arg4 the fifth argument's register
 * @param arg5 the sixth argument's register
 * @param stacks the call stacks the probe captured ({@link Uprobe#stacks()}); {@link
 *     EventStacks#NONE} if it takes none
 */
public record UprobeEvent(
    long timestampNanos,
    int pid,
    int tid,
    int uid,
    int gid,
    String comm,
    long arg0,
    long arg1,
    long arg2,
    long arg3,
    long arg4,
    long arg5,
    EventStacks stacks) {

  /**
   * An event without stacks: the record as it was before it carried them, for code that makes
   * events (tests, encoders) and probes without {@code stacks}.
   */
  public UprobeEvent(
      long timestampNanos,
      int pid,
      int tid,
      int uid,
      int gid,
      String comm,
      long arg0,
      long arg1,
      long arg2,
      long arg3,
      long arg4,
      long arg5) {
    this(timestampNanos, pid, tid, uid, gid, comm, arg0, arg1, arg2, arg3, arg4, arg5,
        EventStacks.NONE);
  }

  /**
   * The user stack of the thread the probe hit, innermost first; see {@link EventStacks#user()}.
   * (A probe in user space has no kernel stack, so there is no {@code kernelStack()}.)
   */
  public StackTrace userStack() {
    return stacks.user();
  }
}
