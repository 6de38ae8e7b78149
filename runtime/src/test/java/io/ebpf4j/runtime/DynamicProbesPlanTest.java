package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.api.internal.StackSource;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probes named at run time, planned and failed without a kernel: the formats come from a tracefs
 * of the test's making, and the fake module stops each start after attaching (it has no ring
 * buffer map). No root.
 */
class DynamicProbesPlanTest {
  private static final String BIND_ENTER =
      """
      name: sys_enter_bind
      ID: 1
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
      \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
      \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
      \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

      \tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;
      \tfield:int fd;\toffset:16;\tsize:8;\tsigned:0;
      \tfield:struct sockaddr * umyaddr;\toffset:24;\tsize:8;\tsigned:0;
      \tfield:int addrlen;\toffset:32;\tsize:8;\tsigned:0;

      print fmt: "fd: 0x%08lx", ((unsigned long)(REC->fd))
      """;

  @TempDir Path tracefs;
  private final List<String> calls = new ArrayList<>();

  @BeforeEach
  void writeFormats() throws IOException {
    Path syscalls = Files.createDirectories(tracefs.resolve("events/syscalls"));
    Files.writeString(syscalls.resolve("enable"), "0\n");
    Files.writeString(syscalls.resolve("filter"), "none\n");
    Path enter = Files.createDirectories(syscalls.resolve("sys_enter_bind"));
    Files.writeString(enter.resolve("format"), BIND_ENTER);
  }

  private Ebpf4jException start(FakeLibbcc bcc, boolean kprobes, String... kallsyms) {
    Platform platform =
        new Platform(
            new FakeKernel(kprobes, Set.of(kallsyms), tracefs), new RecordingLibc(calls), () -> bcc);
    return assertThrows(
        Ebpf4jException.class,
        () -> ProbeRuntime.probes().on(Probe.syscall("bind"), e -> {}).start(platform));
  }

  private FakeLibbcc bcc() {
    return new FakeLibbcc(
        Set.of("ebpf4j_kprobe_0", "ebpf4j_tracepoint_0"),
        Set.of(ProgramConventions.COUNTERS_MAP),
        calls);
  }

  private List<String> attached() {
    return calls.stream()
        .filter(c -> c.startsWith("attach "))
        .map(c -> c.replaceAll(" as \\S+", "").replaceAll(" -> \\d+", ""))
        .toList();
  }

  @Test
  void aSyscallGoesOnItsKernelFunctionWhereThereAreKprobes() {
    Ebpf4jException e = start(bcc(), true, "__x64_sys_bind");
    assertTrue(
        e.getMessage().contains("has no map named `" + ProgramConventions.EVENTS_MAP),
        e.getMessage());
    assertEquals(List.of("attach kprobe __x64_sys_bind"), attached());
  }

  @Test
  void aSyscallFallsBackToItsTracepointWithoutKprobes() {
    start(bcc(), false);
    assertEquals(List.of("attach tracepoint syscalls:sys_enter_bind"), attached());
  }

  @Test
  void aMisspeltSyscallIsRefusedBeforeAnythingIsCompiled() {
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class,
            () -> ProbeRuntime.probes().on(Probe.syscall("bnid"), x -> {})
                .start(new Platform(new FakeKernel(false, Set.of(), tracefs),
                    new RecordingLibc(calls), this::bcc)));
    assertEquals(
        "Probe.syscall(\"bnid\"): this kernel has no system call `bnid` (no syscalls/sys_enter_bnid"
            + " tracepoint); did you mean `bind`?",
        e.getMessage());
    assertEquals(List.of(), calls, "nothing compiled");
  }

  @Test
  void aCallNeedsItsExitFormatToo() {
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class,
            () -> ProbeRuntime.probes().on(Probe.syscallCall("bind"), x -> {})
                .start(new Platform(new FakeKernel(false, Set.of(), tracefs),
                    new RecordingLibc(calls), this::bcc)));
    assertTrue(e.getMessage().startsWith("Probe.syscallCall(\"bind\"): this kernel has no system call"),
        e.getMessage());
  }

  @Test
  void aUprobeTakesNoKernelStack() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> Probe.uprobe("c", "getpid").withStacks(Stack.KERNEL, Stack.USER));
    assertEquals(
        "Probe.uprobe(\"c\", \"getpid\").withStacks: a probe in user space runs on the user's"
            + " registers, where the kernel has no stack to walk (bpf_get_stackid fails with"
            + " -EFAULT); take Stack.USER",
        e.getMessage());
    assertEquals("Probe.uretprobe(\"c\", \"getpid\").withStacks(Stack.USER)",
        Probe.uretprobe("c", "getpid").withStacks(Stack.USER).toString());
  }

  @Test
  void aProbeWithStacksWritesTheStackMapAndTheIdsAfterItsFields() {
    RuntimeProgram program =
        RuntimeProgram.generate(
            List.of(Probe.syscall("bind").withStacks(Stack.USER, Stack.KERNEL)), List.of(e -> {}),
            tracefs);
    String c = program.source();
    assertTrue(c.contains("BPF_STACK_TRACE(ebpf4j_stacks, EBPF4J_STACK_MAP_SIZE);"), c);
    assertTrue(c.contains("event->ebpf4j_kernel_stack = ebpf4j_stacks.get_stackid(ctx, 0);"), c);
    assertTrue(c.contains("ebpf4j_stacks.get_stackid(ctx, BPF_F_USER_STACK);"), c);
    assertEquals(
        "Probe.syscall(\"bind\").withStacks(Stack.KERNEL, Stack.USER)",
        program.probes().get(0).handler());
    assertTrue(
        !RuntimeProgram.generate(List.of(Probe.syscall("bind")), List.of(e -> {}), tracefs)
            .source().contains("stack"),
        "a probe without stacks is written as before");
  }

  /** The dispatcher reads the ids where the C wrote them; the frames resolve on first call. */
  @Test
  void anEventsStacksAreItsIdsResolvedWhenAsked() throws Exception {
    List<ProbeEvent> events = new ArrayList<>();
    RuntimeProgram program =
        RuntimeProgram.generate(
            List.of(Probe.syscall("bind").withStacks(Stack.KERNEL)), List.of(events::add),
            tracefs);
    List<String> resolved = new ArrayList<>();
    StackSource source =
        new StackSource() {
          @Override
          public StackTrace kernel(int stackId) {
            resolved.add("kernel " + stackId);
            return StackTrace.none("resolved " + stackId);
          }

          @Override
          public StackTrace user(int pid, int stackId) {
            throw new AssertionError("the probe takes no user stack");
          }
        };
    int size = program.probes().get(0).eventSize();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment event = arena.allocate(size, 8);
      // Where the C asserts the kernel stack's id is; the user stack's follows.
      java.util.regex.Matcher at =
          java.util.regex.Pattern.compile(
                  "offsetof\\(struct ebpf4j_event_0, ebpf4j_kernel_stack\\) == (\\d+)")
              .matcher(program.source());
      assertTrue(at.find(), program.source());
      int offset = Integer.parseInt(at.group(1));
      event.set(ValueLayout.JAVA_INT, offset, 7);
      event.set(ValueLayout.JAVA_INT, offset + 4, 99);
      program.dispatcherFor(null, source).dispatch(event);
    }
    ProbeEvent e = events.get(0);
    assertEquals(7, e.stacks().kernelStackId());
    assertEquals(EventStacks.NOT_REQUESTED, e.stacks().userStackId());
    assertEquals(List.of(), resolved, "nothing resolved before it is asked for");
    assertEquals("resolved 7", e.kernelStack().reason());
    assertEquals("resolved 7", e.kernelStack().reason());
    assertEquals(List.of("kernel 7"), resolved, "resolved once");
    assertTrue(e.userStack().reason().contains("add Stack.USER"), e.userStack().reason());
  }

  @Test
  void withStacksNamesAStack() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Probe.syscall("bind").withStacks());
    assertTrue(e.getMessage().contains("name a stack"), e.getMessage());
  }

  @Test
  void startingNothingSaysHowToAddAProbe() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ProbeRuntime.probes().start());
    assertTrue(e.getMessage().contains("add one with on(Probe, handler)"), e.getMessage());
  }
}
