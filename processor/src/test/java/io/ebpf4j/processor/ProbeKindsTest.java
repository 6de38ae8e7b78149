package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.good;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.KernelReturn;
import io.ebpf4j.api.UprobeEvent;
import io.ebpf4j.api.UretprobeEvent;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** Every probe kind in one user-shaped handler class, compiled and dispatched. */
class ProbeKindsTest {

  private final Compilation compilation = snapshotCompiler().compile(good("AllKinds"));

  private String source(String type) throws IOException {
    return compilation.generatedSourceFile(type).orElseThrow().getCharContent(false).toString()
        .replaceAll("\\s+", " ");
  }

  private String c() throws IOException {
    return compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/AllKinds.bpf.c")
        .orElseThrow()
        .getCharContent(false)
        .toString();
  }

  @SuppressWarnings("unchecked")
  private ProbeProgram<Object> program() throws Exception {
    return (ProbeProgram<Object>)
        new GeneratedClasses(compilation)
            .loadClass("com.example.AllKinds_Ebpf4jProgram")
            .getConstructor()
            .newInstance();
  }

  @Test
  void recordsOfEachKind() throws IOException {
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(source("com.example.OpenatEvent"))
        .contains("String comm, int dfd, String filename, int flags, short mode)");
    assertThat(source("com.example.OpenatReturnEvent"))
        .contains("int gid, String comm, long ret)");
    assertThat(source("com.example.InetSockSetStateEvent"))
        .contains(
            "short protocol, byte[] saddr, byte[] daddr, byte[] saddr_v6, byte[] daddr_v6)");
    // A syscall tracepoint: every field, __syscall_nr too; slots take the declared type.
    assertThat(source("com.example.SysEnterOpenatEvent"))
        .contains("String comm, int __syscall_nr, int dfd, String filename, int flags, short mode)");
    assertThat(compilation.generatedSourceFile("com.example.KernelCall")).isEmpty();
  }

  @Test
  void attachmentsOfEachKind() throws Exception {
    List<ProbeSpec> probes = program().probes();
    assertEquals(
        List.of(AttachPoint.syscallEntry("ebpf4j_kprobe_0", "openat")), probes.get(0).preferred());
    assertEquals(
        List.of(AttachPoint.tracepoint("ebpf4j_tracepoint_0", "syscalls:sys_enter_openat")),
        probes.get(0).fallback());
    assertEquals(
        List.of(AttachPoint.syscallReturn("ebpf4j_kretprobe_1", "openat")),
        probes.get(1).preferred());
    assertEquals(
        List.of(AttachPoint.tracepoint("ebpf4j_tracepoint_exit_1", "syscalls:sys_exit_openat")),
        probes.get(1).fallback());
    assertEquals(
        List.of(AttachPoint.kprobe("ebpf4j_kprobe_2", "tcp_v4_connect")), probes.get(2).preferred());
    assertEquals(List.of(), probes.get(2).fallback());
    assertEquals(
        "com.example.AllKinds.connect(KernelCall<ConnectArgs>)", probes.get(2).handler());
    assertEquals(
        List.of(AttachPoint.kretprobe("ebpf4j_kretprobe_3", "tcp_v4_connect")),
        probes.get(3).preferred());
    assertEquals(
        List.of(AttachPoint.uprobe("ebpf4j_uprobe_4", "c", "getpid", -1)), probes.get(4).preferred());
    assertEquals(
        List.of(AttachPoint.uretprobe("ebpf4j_uretprobe_5", "/usr/lib/libc.so.6", "getpid", 42)),
        probes.get(5).preferred());
    assertEquals(
        List.of(AttachPoint.tracepoint("ebpf4j_tracepoint_6", "sock:inet_sock_set_state")),
        probes.get(6).preferred());
    assertEquals(List.of(), probes.get(6).fallback());
    // stringSize = 64: the string is 64 bytes.
    assertEquals(EventHeader.SIZE + 4 + 64 + 4 + 2 + 2, probes.get(0).eventSize());
  }

  @Test
  void cOfEachKind() throws IOException {
    String c = c();
    assertThat(c).contains("  char filename[64];\n");
    assertThat(c)
        .contains(
            "bpf_probe_read_user_str(event->filename, sizeof(event->filename),"
                + " (const void *) arg1);");
    assertThat(c).contains("int ebpf4j_kretprobe_1(struct pt_regs *ctx) {\n"
        + "  return ebpf4j_emit_1(PT_REGS_RC(ctx));");
    assertThat(c).contains("return ebpf4j_emit_2(PT_REGS_PARM1(ctx), PT_REGS_PARM2(ctx),"
        + " PT_REGS_PARM3(ctx));");
    assertThat(c).contains("event->addrLen = (s32) arg2;");
    assertThat(c).contains("return ebpf4j_emit_4(PT_REGS_PARM1(ctx), PT_REGS_PARM2(ctx),"
        + " PT_REGS_PARM3(ctx), PT_REGS_PARM4(ctx), PT_REGS_PARM5(ctx), PT_REGS_PARM6(ctx));");
    assertThat(c).contains("  u8 saddr_v6[16];\n");
    assertThat(c)
        .contains("bpf_probe_read_kernel(&event->saddr_v6, sizeof(event->saddr_v6), args->saddr_v6);");
    assertThat(c).contains("event->sport = (u16) args->sport;");
    assertThat(c)
        .contains(
            "bpf_probe_read_user_str(event->filename, sizeof(event->filename),"
                + " (const void *) args->filename);");
  }

  @SuppressWarnings("unchecked")
  @Test
  void dispatchBuildsTheApiRecords() throws Exception {
    ProbeProgram<Object> program = program();
    Object handler = program.newHandler();
    EventDispatcher dispatcher = program.dispatcherFor(handler);
    List<Object> events = (List<Object>) handler.getClass().getField("events").get(handler);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment open = TestEvents.header(arena, program.probes().get(0).eventSize(), 0);
      open.set(ValueLayout.JAVA_INT, 44, -100);
      open.setString(48, "/etc/passwd");
      open.set(ValueLayout.JAVA_INT, 112, 0x80000);
      open.set(ValueLayout.JAVA_SHORT, 116, (short) 0644);
      dispatcher.dispatch(open);

      MemorySegment connect = TestEvents.header(arena, program.probes().get(2).eventSize(), 2);
      connect.set(ValueLayout.JAVA_LONG, 48, 0xffff888000001000L);
      connect.set(ValueLayout.JAVA_LONG, 56, 0x7ffc0000L);
      connect.set(ValueLayout.JAVA_INT, 64, 16);
      dispatcher.dispatch(connect);

      MemorySegment returned = TestEvents.header(arena, program.probes().get(3).eventSize(), 3);
      returned.set(ValueLayout.JAVA_LONG, 48, -111L);
      dispatcher.dispatch(returned);

      MemorySegment uprobe = TestEvents.header(arena, program.probes().get(4).eventSize(), 4);
      for (int i = 0; i < 6; i++) {
        uprobe.set(ValueLayout.JAVA_LONG, 48 + 8 * i, i + 1);
      }
      dispatcher.dispatch(uprobe);

      MemorySegment uretprobe = TestEvents.header(arena, program.probes().get(5).eventSize(), 5);
      uretprobe.set(ValueLayout.JAVA_LONG, 48, 4321L);
      dispatcher.dispatch(uretprobe);

      MemorySegment state = TestEvents.header(arena, program.probes().get(6).eventSize(), 6);
      int saddr = recordOffset(program, 6, "saddr");
      state.asSlice(saddr, 4).copyFrom(MemorySegment.ofArray(new byte[] {127, 0, 0, 1}));
      dispatcher.dispatch(state);
    }
    assertEquals(
        "OpenatEvent[timestampNanos=123456789, pid=10, tid=11, uid=1000, gid=100, comm=nc,"
            + " dfd=-100, filename=/etc/passwd, flags=524288, mode=420]",
        events.get(0).toString());
    KernelCall<?> call = (KernelCall<?>) events.get(1);
    assertEquals("nc", call.comm());
    assertEquals("ConnectArgs[sk=" + 0xffff888000001000L + ", uaddr=2147221504, addrLen=16]",
        call.args().toString());
    assertEquals(new KernelReturn(123456789L, 10, 11, 1000, 100, "nc", -111L), events.get(2));
    assertEquals(
        new UprobeEvent(123456789L, 10, 11, 1000, 100, "nc", 1, 2, 3, 4, 5, 6), events.get(3));
    assertEquals(
        new UretprobeEvent(123456789L, 10, 11, 1000, 100, "nc", 4321L), events.get(4));
    Record state = (Record) events.get(5);
    RecordComponent saddr =
        Arrays.stream(state.getClass().getRecordComponents())
            .filter(r -> r.getName().equals("saddr"))
            .findFirst()
            .orElseThrow();
    assertThat((byte[]) saddr.getAccessor().invoke(state)).isEqualTo(new byte[] {127, 0, 0, 1});
  }

  /** The offset the C asserts for member {@code name} of probe {@code id}'s event. */
  private int recordOffset(ProbeProgram<?> program, int id, String name) throws IOException {
    String prefix = "_Static_assert(__builtin_offsetof(struct ebpf4j_event_" + id + ", " + name
        + ") == ";
    String c = c();
    int at = c.indexOf(prefix) + prefix.length();
    return Integer.parseInt(c.substring(at, c.indexOf(',', at)));
  }

}
