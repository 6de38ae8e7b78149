package io.ebpf4j.runtime;

/**
 * Where a BPF function was attached.
 *
 * @param probe what was attached: a handler method ({@code com.example.NetProbes.onBind(BindEvent)})
 *     or, for {@link BpfModule}, the C function's name
 * @param kind kprobe or tracepoint
 * @param target the kernel function ({@code __x64_sys_bind}) or the tracepoint ({@code
 *     syscalls:sys_enter_bind})
 */
public record Attachment(String probe, Kind kind, String target) {

  /** How a BPF function is attached. */
  public enum Kind {
    /** A kprobe on a kernel function's entry. */
    KPROBE,
    /** A static tracepoint. */
    TRACEPOINT
  }

  @Override
  public String toString() {
    return probe + " -> " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + target;
  }
}
