package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProbeSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Attach planning against kernels described by {@link FakeKernel}: no kernel, no root. */
class PlannedProbeTest {
  private static final List<AttachPoint> BIND_KPROBES =
      List.of(
          AttachPoint.syscallEntry("bind_entry", "bind"),
          AttachPoint.syscallReturn("bind_return", "bind"));
  private static final List<AttachPoint> BIND_TRACEPOINTS =
      List.of(
          AttachPoint.tracepoint("bind_enter", "syscalls:sys_enter_bind"),
          AttachPoint.tracepoint("bind_exit", "syscalls:sys_exit_bind"));

  private static final ProbeSpec BIND = new ProbeSpec(0, "P.onBind(BindEvent)", BIND_KPROBES, BIND_TRACEPOINTS, 64);
  private static final ProbeSpec CONNECT_ONLY =
      new ProbeSpec(
          0,
          "P.onConnect(ConnectEvent)",
          List.of(AttachPoint.kprobe("connect", "tcp_v4_connect")),
          List.of(),
          64);

  private static FakeKernel kernel(boolean kprobes, String... kallsyms) {
    return new FakeKernel(kprobes, Set.of(kallsyms), Path.of("/nonexistent"));
  }

  private static PlannedProbe plan(ProbeSpec spec, FakeKernel kernel) {
    return PlannedProbe.choose(spec, kernel.hasKprobes(), kernel);
  }

  @Test
  void kprobesPresentTakesThePreferred() {
    PlannedProbe p = plan(BIND, kernel(true, "__x64_sys_bind"));
    assertEquals(BIND_KPROBES, p.attaches());
    assertFalse(p.tracesSyscallAtTracepoints());
    assertEquals(
        new Kernel.SyscallFunction("__x64_sys_bind", true), p.syscallFunctions().get("bind"));
  }

  @Test
  void noKprobesTakesTheFallback() {
    PlannedProbe p = plan(BIND, kernel(false, "__x64_sys_bind"));
    assertEquals(BIND_TRACEPOINTS, p.attaches());
    assertTrue(p.tracesSyscallAtTracepoints());
    assertTrue(p.syscallFunctions().isEmpty(), "the fallback resolves no function");
  }

  @Test
  void noKprobesAndNoFallbackNamesTheKernelOption() {
    Ebpf4jException e =
        assertThrows(Ebpf4jException.class, () -> plan(CONNECT_ONLY, kernel(false)));
    assertEquals(
        "P.onConnect(ConnectEvent) needs kprobes, and this kernel has no kprobes"
            + " (CONFIG_KPROBES is off). Run it on a kernel built with CONFIG_KPROBES=y, or trace"
            + " a tracepoint instead.",
        e.getMessage());
  }

  @Test
  void aSyscallMissingFromKallsymsTakesTheFallback() {
    PlannedProbe p = plan(BIND, kernel(true, "__x64_sys_connect"));
    assertEquals(BIND_TRACEPOINTS, p.attaches());
    assertTrue(p.tracesSyscallAtTracepoints());
  }

  @Test
  void aSyscallMissingFromKallsymsWithNoFallbackNamesKallsyms() {
    ProbeSpec noFallback = new ProbeSpec(0, "P.onBind(BindEvent)", BIND_KPROBES, List.of(), 64);
    Ebpf4jException e =
        assertThrows(Ebpf4jException.class, () -> plan(noFallback, kernel(true, "sys_connect")));
    assertTrue(
        e.getMessage().contains("no kernel function for system call bind in /proc/kallsyms"),
        e.getMessage());
  }

  @Test
  void aWrapperFunctionTakesTheUsersRegisters() {
    PlannedProbe p = plan(BIND, kernel(true, "__x64_sys_bind"));
    assertTrue(p.syscallWrappers());
  }

  @Test
  void aPlainSysFunctionTakesTheArguments() {
    // bcc's order: sys_ first. A kernel before 4.17 has only sys_bind, no pt_regs wrapper.
    PlannedProbe p = plan(BIND, kernel(true, "sys_bind", "__x64_sys_bind"));
    assertEquals(new Kernel.SyscallFunction("sys_bind", false), p.syscallFunctions().get("bind"));
    assertFalse(p.syscallWrappers());
  }

  @Test
  void aNonSyscallKprobeNeedsNoKallsyms() {
    PlannedProbe p = plan(CONNECT_ONLY, kernel(true));
    assertEquals(CONNECT_ONLY.preferred(), p.attaches());
    assertTrue(p.syscallWrappers(), "no system call function, so nothing to disagree");
  }
}
