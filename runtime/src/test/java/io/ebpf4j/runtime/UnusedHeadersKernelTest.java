package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.Tracepoint;
import io.ebpf4j.api.internal.ProgramConventions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The header guards of {@link UnusedHeaders} change nothing bcc builds: each generated program
 * they apply to compiles, with them and without, to byte-identical instructions in every function
 * (map references aside, whose descriptors differ by compile) and to equal map definitions.
 * Compiled through libbcc directly, no cache, nothing loaded.
 */
@RequiresKernel
class UnusedHeadersKernelTest {

  /** The session's own cflags, as for a start with 8 pages of ring buffer. */
  private static final List<String> SESSION_CFLAGS =
      List.of(
          "-D" + ProgramConventions.RINGBUF_PAGES_MACRO + "=8",
          "-D" + ProgramConventions.SYSCALL_WRAPPER_MACRO + "=1");

  /** A tracepoint's kernel and user stacks: the program keeps {@code <linux/log2.h>}. */
  static class TracepointStacks {
    @Tracepoint(value = "sched:sched_process_fork", stacks = {Stack.KERNEL, Stack.USER})
    void onFork(SchedProcessForkEvent e) {}
  }

  /** Aggregates at tracepoints: a count by comm and a log2 histogram of a return. */
  static class TracepointAggregates {
    @Tracepoint("syscalls:sys_enter_getppid")
    @Aggregate(value = Aggregate.Kind.COUNT, by = "comm")
    void perComm(Map<SysEnterGetppidByComm, Long> counts) {}

    @Tracepoint("syscalls:sys_exit_read")
    @Aggregate(value = Aggregate.Kind.LOG2_HISTOGRAM, of = "ret")
    void readSizes(Histogram sizes) {}
  }

  /** Ten tracepoints in one class, one of them filtered; also the README's 10-probe measurement. */
  static class TenTracepoints {
    @Tracepoint("syscalls:sys_enter_getppid")
    void getppid(SysEnterGetppidEvent e) {}

    @Tracepoint("syscalls:sys_enter_openat")
    void openat(SysEnterOpenatEvent e) {}

    @Tracepoint("syscalls:sys_exit_openat")
    void openatReturn(SysExitOpenatEvent e) {}

    @Tracepoint(value = "syscalls:sys_enter_write", filter = "count > 4096")
    void largeWrite(SysEnterWriteEvent e) {}

    @Tracepoint("sched:sched_process_exit")
    void exit(SchedProcessExitEvent e) {}

    @Tracepoint("sched:sched_process_free")
    void free(SchedProcessFreeEvent e) {}

    @Tracepoint("sched:sched_switch")
    void schedSwitch(SchedSwitchEvent e) {}

    @Tracepoint("sched:sched_wakeup")
    void wakeup(SchedWakeupEvent e) {}

    @Tracepoint("signal:signal_generate")
    void signal(SignalGenerateEvent e) {}

    @Tracepoint("signal:signal_deliver")
    void delivered(SignalDeliverEvent e) {}
  }

  @Test
  void guardedProgramsCompileToTheSameInstructionsAndMaps() {
    List<Class<?>> guarded =
        List.of(
            ExecProbes.class,
            FilterProbes.TrueExecs.class,
            TracepointStacks.class,
            TracepointAggregates.class,
            TenTracepoints.class);
    Libbcc bcc = Platform.host().bcc().get();
    for (Class<?> handler : guarded) {
      String source = source(handler);
      List<String> guards = UnusedHeaders.cflags(source, Libc.get().pageSize());
      assertFalse(guards.isEmpty(), handler + " has no guards");
      List<String> withGuards = new ArrayList<>(SESSION_CFLAGS);
      withGuards.addAll(guards);
      CachedProgram without = compile(bcc, handler, source, SESSION_CFLAGS);
      CachedProgram with = compile(bcc, handler, source, withGuards);
      assertFalse(without.functions().isEmpty(), handler + " compiled to no function");
      assertEquals(without.functions().keySet(), with.functions().keySet(), handler.getName());
      without.functions().forEach(
          (function, code) ->
              assertEquals(code, with.functions().get(function), handler.getName() + ": " + function));
      assertEquals(without.tables(), with.tables(), handler.getName() + ": the maps");
      assertEquals(without.license(), with.license());
      assertEquals(without.kernelVersion(), with.kernelVersion());
    }
  }

  /** The stack map's size needs {@code roundup_pow_of_two}: this program keeps log2.h's. */
  @Test
  void aProgramWithStacksKeepsLog2() {
    assertFalse(
        UnusedHeaders.cflags(source(TracepointStacks.class), 4096, "amd64")
            .contains("-D_LINUX_LOG2_H"));
  }

  /**
   * The C of a probe that reads registers includes {@code <uapi/linux/ptrace.h>}, which brings
   * most of the kernel's headers anyway: such programs get no guards (a system call's, a filtered
   * one, an aggregate's, a uprobe's, USDT's), and so compile as they always did.
   */
  @Test
  void programsThatReadRegistersGetNoGuards() {
    for (Class<?> handler :
        List.of(
            NetProbes.class,
            FilterProbes.FailedOpens.class,
            AggregateKernelTest.AggregateProbes.class,
            LibcProbes.class,
            JvmProbes.class)) {
      String source = source(handler);
      assertTrue(source.contains("#include <uapi/linux/ptrace.h>"), handler.getName());
      assertEquals(List.of(), UnusedHeaders.cflags(source, Libc.get().pageSize()), handler.getName());
    }
  }

  /** The guards do skip the headers: a use of what one of them declares no longer compiles. */
  @Test
  void theGuardsSkipTheHeaders() {
    String source =
        "int f(void *ctx) { return sizeof(struct sockaddr_ll) + roundup_pow_of_two(3); }\n";
    Libbcc bcc = Platform.host().bcc().get();
    List<String> guards = UnusedHeaders.cflags(source, Libc.get().pageSize());
    MemorySegment module = bcc.createModule(source, guards);
    assertEquals(MemorySegment.NULL, module, "compiled with " + guards);
    MemorySegment plain = bcc.createModule(source, List.of());
    assertNotEquals(MemorySegment.NULL, plain, "compiled without guards");
    bcc.destroyModule(plain);
  }

  /** What bcc built from {@code source}: its functions' instructions and its maps. */
  private static CachedProgram compile(
      Libbcc bcc, Class<?> handler, String source, List<String> cflags) {
    MemorySegment module = bcc.createModule(source, cflags);
    assertNotEquals(MemorySegment.NULL, module, handler.getName() + " with " + cflags);
    try {
      CachedProgram.Capture captured = CachedProgram.capture(bcc, module, source);
      return captured.program().orElseThrow(() -> new AssertionError(captured.refusal()));
    } finally {
      bcc.destroyModule(module);
    }
  }

  private static String source(Class<?> handler) {
    String resource = ProbeRuntime.programFor(handler).bpfSourceResource();
    try (InputStream in = handler.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
