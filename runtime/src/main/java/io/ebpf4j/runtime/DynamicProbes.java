package io.ebpf4j.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Probes named at run time, collected into one session: each with the handler its events go to.
 *
 * <pre>{@code
 * try (ProbeSession session = ProbeRuntime.probes()
 *     .on(Probe.syscall("bind"), e -> System.out.println("bind fd=" + e.getInt("fd")))
 *     .on(Probe.tracepoint("sched:sched_process_exec"),
 *         e -> System.out.println(e.getString("filename")))
 *     .start()) {
 *   Thread.sleep(10_000);
 * }
 * }</pre>
 *
 * <p>{@link #start()} reads each probe's format from the running kernel's tracefs, writes the C
 * the processor writes for the same annotation, and starts it as {@link ProbeRuntime#start(Object)}
 * starts an annotated class: one BPF module, one delivery thread calling the handlers in the order
 * the kernel wrote the events, and the same {@link ProbeSession} (losses counted, stats, close,
 * kprobes else tracepoints for system calls).
 */
public final class DynamicProbes {
  private final List<Probe> probes = new ArrayList<>();
  private final List<Consumer<? super ProbeEvent>> handlers = new ArrayList<>();
  private ProbeOptions options = ProbeOptions.defaults();

  DynamicProbes() {}

  /** Adds {@code probe}, whose events go to {@code handler} on the session's thread. */
  public DynamicProbes on(Probe probe, Consumer<? super ProbeEvent> handler) {
    probes.add(Objects.requireNonNull(probe, "probe"));
    handlers.add(Objects.requireNonNull(handler, "handler"));
    return this;
  }

  /** Starts with {@code options} rather than {@link ProbeOptions#defaults()}. */
  public DynamicProbes options(ProbeOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return this;
  }

  /**
   * Writes, loads and attaches the probes added so far.
   *
   * @throws IllegalStateException if none was added
   * @throws Ebpf4jException if a name is unknown to this kernel (with the closest it has), or a
   *     probe cannot be compiled, loaded or attached; each message names the fix
   */
  public ProbeSession start() {
    return start(Platform.host());
  }

  ProbeSession start(Platform platform) {
    if (probes.isEmpty()) {
      throw new IllegalStateException("no probes to start: add one with on(Probe, handler)");
    }
    long startNanos = System.nanoTime();
    KernelFacts kernel = platform.kernel();
    // Before tracefs: without the privileges it is unreadable, for a reason that misleads.
    kernel.requireBpfPrivileges();
    RuntimeProgram program = RuntimeProgram.generate(probes, handlers, kernel.tracefs());
    return ProbeSession.start(program, program.source(), this, options, platform, startNanos);
  }

  @Override
  public String toString() {
    return "DynamicProbes" + probes;
  }
}
