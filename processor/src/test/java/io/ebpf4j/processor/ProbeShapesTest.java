package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.SnapshotArchive;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.shape.EventTypeFactory;
import io.ebpf4j.processor.shape.ProbeMethod;
import io.ebpf4j.processor.shape.ProbeShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each shape's record name, origin and attachments, on the formats of the bundled snapshot. */
class ProbeShapesTest {

  private final SnapshotArchive snapshot = SnapshotArchive.bundled();

  private TracepointFormat format(String category, String event) throws Exception {
    return snapshot.read(category, event).orElseThrow();
  }

  private static ProbeMethod probe(int id, ProbeShape shape, String target, EventType event) {
    return new ProbeMethod(
        id, "on", "com.example.P.on(E)", shape, target, "/bin/true", 42, event,
        EventLayout.of(event.memberTypes(), 256), java.util.Optional.empty(),
        java.util.Optional.empty());
  }

  @Test
  void syscallEntry() throws Exception {
    EventType event =
        EventTypeFactory.syscallEntry("p", "bind", format("syscalls", "sys_enter_bind"));
    ProbeMethod probe = probe(3, ProbeShape.SYSCALL_ENTRY, "bind", event);
    assertThat(ProbeShape.SYSCALL_ENTRY.recordName("bind")).isEqualTo("BindEvent");
    assertThat(event.origin()).isEqualTo("@Kprobe(\"bind\")");
    assertThat(probe.preferred())
        .containsExactly(AttachPoint.syscallEntry("ebpf4j_kprobe_3", "bind"));
    assertThat(probe.fallback())
        .containsExactly(AttachPoint.tracepoint("ebpf4j_tracepoint_3", "syscalls:sys_enter_bind"));
  }

  @Test
  void syscallReturn() throws Exception {
    EventType event =
        EventTypeFactory.syscallReturn("p", "openat", format("syscalls", "sys_exit_openat"));
    ProbeMethod probe = probe(0, ProbeShape.SYSCALL_RETURN, "openat", event);
    assertThat(ProbeShape.SYSCALL_RETURN.recordName("openat")).isEqualTo("OpenatReturnEvent");
    assertThat(event.origin()).isEqualTo("@Kretprobe(\"openat\")");
    assertThat(probe.preferred())
        .containsExactly(AttachPoint.syscallReturn("ebpf4j_kretprobe_0", "openat"));
    assertThat(probe.fallback())
        .containsExactly(
            AttachPoint.tracepoint("ebpf4j_tracepoint_exit_0", "syscalls:sys_exit_openat"));
  }

  @Test
  void syscallCall() throws Exception {
    EventType event =
        EventTypeFactory.syscallCall(
            "p", "openat", format("syscalls", "sys_enter_openat"),
            format("syscalls", "sys_exit_openat"));
    ProbeMethod probe = probe(1, ProbeShape.SYSCALL_CALL, "openat", event);
    assertThat(ProbeShape.SYSCALL_CALL.recordName("openat")).isEqualTo("OpenatCallEvent");
    assertThat(event.origin()).isEqualTo("@Kretprobe(value = \"openat\", withEntry = true)");
    assertThat(probe.preferred())
        .containsExactly(
            AttachPoint.syscallEntry("ebpf4j_kprobe_1", "openat"),
            AttachPoint.syscallReturn("ebpf4j_kretprobe_1", "openat"))
        .inOrder();
    assertThat(probe.fallback())
        .containsExactly(
            AttachPoint.tracepoint("ebpf4j_tracepoint_1", "syscalls:sys_enter_openat"),
            AttachPoint.tracepoint("ebpf4j_tracepoint_exit_1", "syscalls:sys_exit_openat"))
        .inOrder();
  }

  @Test
  void tracepoint() throws Exception {
    EventType event =
        EventTypeFactory.tracepoint("p", format("sched", "sched_process_exec"));
    ProbeMethod probe = probe(2, ProbeShape.TRACEPOINT, "sched:sched_process_exec", event);
    assertThat(ProbeShape.TRACEPOINT.recordName("sched:sched_process_exec"))
        .isEqualTo("SchedProcessExecEvent");
    assertThat(event.origin()).isEqualTo("@Tracepoint(\"sched:sched_process_exec\")");
    assertThat(probe.preferred())
        .containsExactly(
            AttachPoint.tracepoint("ebpf4j_tracepoint_2", "sched:sched_process_exec"));
    assertThat(probe.fallback()).isEmpty();
  }

  @Test
  void kernelFunctions() {
    EventType call =
        EventTypeFactory.kernelCall(
            "tcp_v4_connect", com.palantir.javapoet.ClassName.get("p", "Args"), List.of("sk"),
            List.of(ValueKind.LONG));
    EventType ret = EventTypeFactory.kernelReturn("tcp_v4_connect");
    assertThat(ProbeShape.KERNEL_ENTRY.recordName("tcp_v4_connect")).isEqualTo("KernelCall");
    assertThat(ProbeShape.KERNEL_RETURN.recordName("tcp_v4_connect")).isEqualTo("KernelReturn");
    assertThat(call.origin()).isEqualTo("@Kprobe(function = \"tcp_v4_connect\")");
    assertThat(ret.origin()).isEqualTo("@Kretprobe(function = \"tcp_v4_connect\")");
    assertThat(probe(4, ProbeShape.KERNEL_ENTRY, "tcp_v4_connect", call).preferred())
        .containsExactly(AttachPoint.kprobe("ebpf4j_kprobe_4", "tcp_v4_connect"));
    assertThat(probe(5, ProbeShape.KERNEL_RETURN, "tcp_v4_connect", ret).preferred())
        .containsExactly(AttachPoint.kretprobe("ebpf4j_kretprobe_5", "tcp_v4_connect"));
    assertThat(probe(4, ProbeShape.KERNEL_ENTRY, "tcp_v4_connect", call).fallback()).isEmpty();
    assertThat(probe(5, ProbeShape.KERNEL_RETURN, "tcp_v4_connect", ret).fallback()).isEmpty();
  }

  @Test
  void userFunctions() {
    EventType entry = EventTypeFactory.uprobe("malloc");
    EventType ret = EventTypeFactory.uretprobe("malloc");
    assertThat(ProbeShape.UPROBE.recordName("malloc")).isEqualTo("UprobeEvent");
    assertThat(ProbeShape.URETPROBE.recordName("malloc")).isEqualTo("UretprobeEvent");
    assertThat(entry.origin()).isEqualTo("@Uprobe(symbol = \"malloc\")");
    assertThat(ret.origin()).isEqualTo("@Uretprobe(symbol = \"malloc\")");
    assertThat(probe(6, ProbeShape.UPROBE, "malloc", entry).preferred())
        .containsExactly(AttachPoint.uprobe("ebpf4j_uprobe_6", "/bin/true", "malloc", 42));
    assertThat(probe(7, ProbeShape.URETPROBE, "malloc", ret).preferred())
        .containsExactly(AttachPoint.uretprobe("ebpf4j_uretprobe_7", "/bin/true", "malloc", 42));
    assertThat(probe(6, ProbeShape.UPROBE, "malloc", entry).fallback()).isEmpty();
  }

  @Test
  void expectedParameters() {
    assertThat(ProbeShape.SYSCALL_ENTRY.expectedParameter("com.example", "bind"))
        .isEqualTo("com.example.BindEvent");
    assertThat(ProbeShape.TRACEPOINT.expectedParameter("", "sched:sched_switch"))
        .isEqualTo("SchedSwitchEvent");
    assertThat(ProbeShape.KERNEL_RETURN.expectedParameter("com.example", "f"))
        .isEqualTo("io.ebpf4j.api.KernelReturn");
    assertThat(ProbeShape.URETPROBE.expectedParameter("com.example", "f"))
        .isEqualTo("io.ebpf4j.api.UretprobeEvent");
    assertThat(ProbeShape.KERNEL_ENTRY.expectedParameter("com.example", "f"))
        .isEqualTo(Messages.KERNEL_CALL_PARAMETER);
  }

  @Test
  void onlyRecordShapesGenerateRecords() {
    for (ProbeShape shape :
        List.of(ProbeShape.SYSCALL_ENTRY, ProbeShape.SYSCALL_RETURN, ProbeShape.SYSCALL_CALL,
            ProbeShape.TRACEPOINT)) {
      assertThat(shape.generatesRecord()).isTrue();
    }
    for (ProbeShape shape :
        List.of(ProbeShape.KERNEL_ENTRY, ProbeShape.KERNEL_RETURN, ProbeShape.UPROBE,
            ProbeShape.URETPROBE)) {
      assertThat(shape.generatesRecord()).isFalse();
    }
  }
}
