package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.internal.ProgramConventions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of bcc's headers a generated program skips, by architecture, page size and what the C
 * uses, and the second compile without the guards when they break one; on {@link FakeLibbcc}, no
 * kernel, no root. {@link UnusedHeadersKernelTest} shows that they change no instruction.
 */
class UnusedHeadersTest {
  private static final String TRACEPOINT_C =
      "BPF_RINGBUF_OUTPUT(ebpf4j_events, 8);\nint f(void *ctx) { return 0; }\n";

  @TempDir Path tracefs;
  private final List<String> calls = new ArrayList<>();

  @Test
  void aTracepointProgramOnX86SkipsAllThreeWithThePageSizeOfTheKernel() {
    assertEquals(
        List.of("-D__LINUX_IF_PACKET_H", "-D_ASM_X86_PAGE_H", "-DPAGE_SIZE=4096UL",
            "-D_LINUX_LOG2_H"),
        UnusedHeaders.cflags(TRACEPOINT_C, 4096, "amd64"));
  }

  @Test
  void arm64HasItsOwnPageGuardAndLargerPages() {
    assertEquals(
        List.of("-D__LINUX_IF_PACKET_H", "-D__ASM_PAGE_H", "-DPAGE_SIZE=16384UL",
            "-D_LINUX_LOG2_H"),
        UnusedHeaders.cflags(TRACEPOINT_C, 16384, "aarch64"));
  }

  @Test
  void aProgramWithStacksKeepsLog2ForTheStackMapsSize() {
    List<String> cflags =
        UnusedHeaders.cflags(TRACEPOINT_C + "BPF_STACK_TRACE(stacks, 1024);\n", 4096, "amd64");
    assertEquals(
        List.of("-D__LINUX_IF_PACKET_H", "-D_ASM_X86_PAGE_H", "-DPAGE_SIZE=4096UL"), cflags);
  }

  @Test
  void aProgramThatIncludesAHeaderSkipsNone() {
    // <uapi/linux/ptrace.h> defines PAGE_SIZE itself and pulls in most of the kernel's headers.
    assertEquals(
        List.of(),
        UnusedHeaders.cflags("#include <uapi/linux/ptrace.h>\n" + TRACEPOINT_C, 4096, "amd64"));
  }

  @Test
  void anUnknownArchitectureKeepsThePageHeader() {
    assertEquals(
        List.of("-D__LINUX_IF_PACKET_H"), UnusedHeaders.cflags(TRACEPOINT_C, 4096, "riscv64"));
  }

  @Test
  void guardsThatBreakTheCompileCostASecondCompileNotTheStart() {
    FakeLibbcc bcc = bcc();
    bcc.failingCflag = "-D__LINUX_IF_PACKET_H";
    try (BpfModule module =
        BpfModule.compileGenerated("the test's C", TRACEPOINT_C, List.of("-DA=1"), platform(bcc))) {
      assertEquals(List.of("create", "malloc_trim", "create", "malloc_trim"), calls);
      assertEquals(List.of("-DA=1"), bcc.cflags, "the second compile, without the guards");
    }
  }

  @Test
  void aProgramThatCompilesWithTheGuardsCompilesOnce() {
    FakeLibbcc bcc = bcc();
    try (BpfModule module =
        BpfModule.compileGenerated("the test's C", TRACEPOINT_C, List.of("-DA=1"), platform(bcc))) {
      assertEquals(List.of("create", "malloc_trim"), calls);
      assertEquals(
          UnusedHeaders.cflags(TRACEPOINT_C, Libc.get().pageSize()),
          bcc.cflags.subList(1, bcc.cflags.size()));
    }
  }

  @Test
  void aProgramThatCompilesNeitherWayFailsWithTheMessageOfTheCompileWithout() {
    FakeLibbcc bcc = bcc();
    bcc.compileFails = true;
    BpfCompileException e =
        assertThrows(
            BpfCompileException.class,
            () -> BpfModule.compileGenerated("the test's C", TRACEPOINT_C, List.of(), platform(bcc)));
    assertTrue(e.getMessage().startsWith("bcc could not compile the test's C"), e.getMessage());
    assertEquals(List.of(), bcc.cflags, "the last compile had no guards");
  }

  private FakeLibbcc bcc() {
    return new FakeLibbcc(Set.of("f"), Set.of(ProgramConventions.EVENTS_MAP), calls);
  }

  private Platform platform(FakeLibbcc bcc) {
    return new Platform(new FakeKernel(false, Set.of(), tracefs), new RecordingLibc(calls), () -> bcc);
  }
}
