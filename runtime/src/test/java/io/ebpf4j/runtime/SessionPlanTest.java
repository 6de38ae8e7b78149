package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.api.internal.ProgramConventions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a session compiles and attaches, by kernel: the system call wrapper macro and the kernel
 * function each kprobe goes on, or the tracepoints without kprobes. The fake module has no ring
 * buffer map, so each start stops after attaching; no kernel, no root.
 */
class SessionPlanTest {
  private static final HandWrittenProgram GETSID =
      new HandWrittenProgram(
          "io/ebpf4j/runtime/half-attachable.bpf.c",
          List.of(
              new ProbeSpec(
                  0,
                  "onGetsid()",
                  List.of(
                      AttachPoint.syscallEntry("getsid_entry", "getsid"),
                      AttachPoint.syscallReturn("getsid_return", "getsid")),
                  List.of(AttachPoint.tracepoint("getsid_tp", "syscalls:sys_enter_getsid")),
                  44)));

  @TempDir Path tracefs;
  private final List<String> calls = new ArrayList<>();

  /** Starts {@link #GETSID} on a kernel with these kprobes and symbols; returns the fake. */
  private FakeLibbcc start(boolean kprobes, String... kallsyms) throws IOException {
    Files.createDirectories(tracefs.resolve("events/syscalls/sys_enter_getsid"));
    FakeLibbcc bcc =
        new FakeLibbcc(
            Set.of("getsid_entry", "getsid_return", "getsid_tp"),
            Set.of(ProgramConventions.COUNTERS_MAP),
            calls);
    Platform platform =
        new Platform(new FakeKernel(kprobes, Set.of(kallsyms), tracefs), new RecordingLibc(calls), () -> bcc);
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class,
            () -> ProbeSession.start(GETSID, GETSID, ProbeOptions.defaults(), platform));
    assertTrue(e.getMessage().contains("has no map named `" + ProgramConventions.EVENTS_MAP), e.getMessage());
    return bcc;
  }

  private List<String> attached() {
    return calls.stream()
        .filter(c -> c.startsWith("attach "))
        .map(c -> c.replaceAll(" as \\S+", "").replaceAll(" -> \\d+", ""))
        .toList();
  }

  private static String wrapperFlag(int value) {
    return "-D" + ProgramConventions.SYSCALL_WRAPPER_MACRO + "=" + value;
  }

  @Test
  void aWrapperKernelCompilesForPtRegsAndProbesTheWrapper() throws IOException {
    FakeLibbcc bcc = start(true, "__x64_sys_getsid");
    assertTrue(bcc.cflags.contains(wrapperFlag(1)), bcc.cflags.toString());
    assertEquals(
        List.of("attach kprobe __x64_sys_getsid", "attach kretprobe __x64_sys_getsid"), attached());
  }

  @Test
  void aPlainSysKernelCompilesForArgumentsAndProbesSys() throws IOException {
    FakeLibbcc bcc = start(true, "sys_getsid");
    assertTrue(bcc.cflags.contains(wrapperFlag(0)), bcc.cflags.toString());
    assertEquals(List.of("attach kprobe sys_getsid", "attach kretprobe sys_getsid"), attached());
  }

  @Test
  void noKprobesAttachesTheTracepoint() throws IOException {
    start(false, "__x64_sys_getsid");
    assertEquals(List.of("attach tracepoint syscalls:sys_enter_getsid"), attached());
  }
}
