package io.ebpf4j.api;

/**
 * An entry to a kernel function, for {@code @Kprobe(function = ...)}: the context of the calling
 * thread and the function's arguments, as the record {@code A} you write describes them.
 *
 * <pre>{@code
 * record ConnectArgs(long sk, long uaddr, int addrLen) {}
 *
 * @Kprobe(function = "tcp_v4_connect") void onConnect(KernelCall<ConnectArgs> call) {
 *   System.out.println(call.comm() + " " + call.args().addrLen());
 * }
 * }</pre>
 *
 * <p>{@code A}'s components, at most six, each {@code int}, {@code long}, {@code short}, {@code
 * byte} or {@code boolean}, are the function's first arguments in order, read from their
 * registers ({@code PT_REGS_PARM1} to {@code PT_REGS_PARM6}) and cut to the component's width.
 * Pointers are {@code long} kernel addresses.
 *
 * @param timestampNanos {@code bpf_ktime_get_ns()} at entry: nanoseconds since boot, not counting
 *     suspend
 * @param pid the calling process (thread group id)
 * @param tid the calling thread
 * @param uid the calling thread's user id
 * @param gid the calling thread's group id
 * @param comm the calling thread's command name, at most 15 bytes
 * @param args the arguments
 * @param <A> the record that describes the arguments
 */
public record KernelCall<A>(
    long timestampNanos, int pid, int tid, int uid, int gid, String comm, A args) {}
