/**
 * What a user of ebpf4j writes: annotations on handler methods, one per kind of probe point
 * ({@link io.ebpf4j.api.Kprobe}, {@link io.ebpf4j.api.Kretprobe}, {@link
 * io.ebpf4j.api.Tracepoint}, {@link io.ebpf4j.api.Uprobe}, {@link io.ebpf4j.api.Uretprobe}), and
 * the event types that are not generated per probe ({@link io.ebpf4j.api.KernelCall}, {@link
 * io.ebpf4j.api.KernelReturn}, {@link io.ebpf4j.api.UprobeEvent}, {@link
 * io.ebpf4j.api.UretprobeEvent}).
 */
package io.ebpf4j.api;
