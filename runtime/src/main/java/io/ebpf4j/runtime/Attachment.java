package io.ebpf4j.runtime;

import io.ebpf4j.api.AttachKind;

/**
 * Where a BPF function was attached.
 *
 * @param probe what was attached: a handler method ({@code com.example.NetProbes.onBind(BindEvent)})
 *     or, for {@link BpfModule}, the C function's name
 * @param kind kprobe, kretprobe, tracepoint, uprobe or uretprobe
 * @param target the kernel function ({@code __x64_sys_bind}), the tracepoint ({@code
 *     syscalls:sys_enter_bind}), or for uprobes {@code /path/to/binary:symbol}
 */
public record Attachment(String probe, AttachKind kind, String target) {

  @Override
  public String toString() {
    return probe + " -> " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + target;
  }
}
