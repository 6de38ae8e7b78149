package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A module from the cache over the kernel's calls, without a kernel: its maps and loads go to
 * the {@code bpf} syscall; bcc is asked only to load again what the kernel refused, for its log.
 */
class CachedModuleTest {
  private final FakeBpfSyscalls sys = new FakeBpfSyscalls();
  private final List<String> bccCalls = new ArrayList<>();
  private final FakeLibbcc fakeBcc = new FakeLibbcc(Set.of(), Set.of(), bccCalls);
  private final SyscallBcc bcc =
      new SyscallBcc(sys, () -> Path.of("/nonexistent"), Path.of("/nonexistent"), () -> fakeBcc);

  private static final CachedProgram PROGRAM =
      new CachedProgram(
          "GPL",
          0,
          List.of(new CachedProgram.Table("calls", 1, 4, 8, 1024, 0, "unsigned int", "unsigned long long")),
          Map.of("on_getsid", new BpfInstructions(new byte[16], List.of())));

  @Test
  void loadsThroughTheSyscallWithoutBcc() {
    CachedModule module = CachedModule.open(bcc, Libc.get(), PROGRAM);
    NativeOutputCapture.Result<Libbcc.Loaded> result =
        module.loadCapturing("on_getsid", Libbcc.BPF_PROG_TYPE_TRACEPOINT, 1 << 16);
    assertTrue(result.value().fd() >= 0);
    assertEquals("", result.printed());
    assertEquals(List.of("bpf 0", "bpf 5"), sys.names());
    assertEquals(List.of(), bccCalls);
  }

  @Test
  void aRefusedLoadIsLoadedAgainByBccForItsLog() {
    sys.results.put("bpf 5", (long) -13);
    fakeBcc.programLoad = new Libbcc.Loaded(-13, 13, "R1 invalid mem access");
    CachedModule module = CachedModule.open(bcc, Libc.get(), PROGRAM);
    NativeOutputCapture.Result<Libbcc.Loaded> result =
        module.loadCapturing("on_getsid", Libbcc.BPF_PROG_TYPE_TRACEPOINT, 1 << 16);
    assertEquals("R1 invalid mem access", result.value().verifierLog());
    assertEquals(List.of("load program on_getsid"), bccCalls);
  }
}
