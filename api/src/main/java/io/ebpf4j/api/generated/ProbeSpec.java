package io.ebpf4j.api.generated;

/**
 * One annotated handler method, as the runtime needs it to load and attach its BPF functions.
 *
 * @param id the value the BPF program writes at {@link EventHeader#PROBE_ID_OFFSET} of each event
 *     of this probe; the index of this spec in {@link ProbeProgram#probes()}
 * @param handler the handler method, for messages: {@code com.example.NetProbes.onBind(BindEvent)}
 * @param syscall the system call traced, for example {@code bind}
 * @param kprobeFunction the C function to load as a kprobe program and attach to the kernel's
 *     function for {@code syscall}
 * @param tracepointFunction the C function to load as a tracepoint program and attach to {@code
 *     tracepoint} where the kernel has no kprobes
 * @param tracepoint the fallback tracepoint, as {@code category:name}: {@code
 *     syscalls:sys_enter_bind}
 * @param eventSize the size in bytes of each event this probe writes
 */
public record ProbeSpec(
    int id,
    String handler,
    String syscall,
    String kprobeFunction,
    String tracepointFunction,
    String tracepoint,
    int eventSize) {}
