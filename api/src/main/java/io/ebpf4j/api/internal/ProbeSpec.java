package io.ebpf4j.api.internal;

import java.util.List;

/**
 * One annotated handler method, as the runtime needs it to load and attach its BPF functions.
 *
 * <p>A probe has up to two ways of attaching, each a list of attachments that together produce
 * its events (a system call's entry and return, for an entry-and-return probe). The runtime takes
 * {@code preferred} unless it needs kprobes and the kernel has none, or names a system call whose
 * kernel function it cannot find; then it takes {@code fallback}. With no usable way it fails,
 * naming the kernel option.
 *
 * @param id the value the BPF program writes at {@link EventHeader#PROBE_ID_OFFSET} of each event
 *     of this probe; the index of this spec in {@link ProbeProgram#probes()}
 * @param handler the handler method, for messages: {@code com.example.NetProbes.onBind(BindEvent)}
 * @param preferred the attachments to use where possible; never empty
 * @param fallback the attachments to use where {@code preferred} cannot be; may be empty
 * @param eventSize the size in bytes of each event this probe writes
 */
public record ProbeSpec(
    int id, String handler, List<AttachPoint> preferred, List<AttachPoint> fallback, int eventSize) {

  public ProbeSpec {
    preferred = List.copyOf(preferred);
    fallback = List.copyOf(fallback);
    if (preferred.isEmpty()) {
      throw new IllegalArgumentException("a probe needs at least one attachment: " + handler);
    }
  }
}
