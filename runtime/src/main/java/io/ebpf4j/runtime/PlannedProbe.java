package io.ebpf4j.runtime;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProbeSpec;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A probe with the way of attaching chosen for this kernel: its preferred attachments, or its
 * fallback where those need kprobes the kernel lacks, or name a system call whose kernel function
 * is not in {@code /proc/kallsyms}.
 */
record PlannedProbe(
    ProbeSpec spec, List<AttachPoint> attaches, Map<String, Kernel.SyscallFunction> syscallFunctions) {
  private static final System.Logger LOG = System.getLogger(PlannedProbe.class.getName());

  /**
   * @param kprobes whether {@code kernel} has kprobes, asked once for all of a session's probes
   */
  static PlannedProbe choose(ProbeSpec spec, boolean kprobes, KernelFacts kernel) {
    String unusable = null;
    Map<String, Kernel.SyscallFunction> functions = new HashMap<>();
    if (!kprobes && spec.preferred().stream().anyMatch(a -> a.kind().needsKprobes())) {
      unusable = "this kernel has no kprobes (CONFIG_KPROBES is off)";
    } else {
      for (AttachPoint a : spec.preferred()) {
        if (a.syscall()) {
          Optional<Kernel.SyscallFunction> f = kernel.resolveSyscall(a.target());
          if (f.isEmpty()) {
            unusable = "no kernel function for system call " + a.target() + " in /proc/kallsyms";
            break;
          }
          functions.put(a.target(), f.get());
        }
      }
    }
    if (unusable == null) {
      return new PlannedProbe(spec, spec.preferred(), Map.copyOf(functions));
    }
    if (spec.fallback().isEmpty()) {
      throw new Ebpf4jException(
          spec.handler()
              + " needs kprobes, and "
              + unusable
              + ". Run it on a kernel built with CONFIG_KPROBES=y, or trace a tracepoint instead.");
    }
    LOG.log(
        Level.DEBUG, "{0}: {1}; attaching to {2} instead", spec.handler(), unusable, spec.fallback());
    return new PlannedProbe(spec, spec.fallback(), Map.of());
  }

  /** Whether this probe was meant for a system call's kernel function and got its tracepoints. */
  boolean tracesSyscallAtTracepoints() {
    return !attaches.equals(spec.preferred())
        && spec.preferred().stream().anyMatch(AttachPoint::syscall);
  }

  boolean uses(AttachKind kind) {
    return attaches.stream().anyMatch(a -> a.kind() == kind);
  }

  /** Whether every system call function this probe attaches to takes the user's pt_regs. */
  boolean syscallWrappers() {
    return syscallFunctions.values().stream().allMatch(Kernel.SyscallFunction::wrapper);
  }

  Attachment attach(BpfModule module, AttachPoint a) {
    String kernelFunction = a.syscall() ? syscallFunctions.get(a.target()).name() : a.target();
    return switch (a.kind()) {
      case KPROBE -> module.attachKprobe(a.bpfFunction(), kernelFunction);
      case KRETPROBE -> module.attachKretprobe(a.bpfFunction(), kernelFunction);
      case TRACEPOINT -> module.attachTracepoint(a.bpfFunction(), a.target());
      case UPROBE -> module.attachUprobe(a.bpfFunction(), a.binary(), a.target(), a.pid());
      case URETPROBE -> module.attachUretprobe(a.bpfFunction(), a.binary(), a.target(), a.pid());
      case USDT -> module.attachUsdt(a);
      case PERF_EVENT -> {
        int at = a.target().lastIndexOf('@');
        yield module.attachPerfEvent(
            a.bpfFunction(),
            SampleEvent.named(a.target().substring(0, at)),
            Integer.parseInt(a.target().substring(at + 1)));
      }
    };
  }
}
