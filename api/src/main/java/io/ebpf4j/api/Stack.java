package io.ebpf4j.api;

/**
 * A call stack a probe can capture with each event, named in a probe annotation's {@code stacks}
 * element: {@code @Tracepoint(value = "sched:sched_switch", stacks = {Stack.KERNEL,
 * Stack.USER})}. The generated record then has {@code kernelStack()} and {@code userStack()},
 * resolved to symbols on their first call.
 */
public enum Stack {
  /** The kernel stack at the probe: {@code bpf_get_stackid(ctx, map, 0)}. */
  KERNEL,
  /**
   * The stack of the user-space thread the probe interrupted: {@code bpf_get_stackid(ctx, map,
   * BPF_F_USER_STACK)}. Threads of the kernel, and CPUs that were idle, have none.
   */
  USER
}
