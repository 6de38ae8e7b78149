package io.ebpf4j.runtime;

import static io.ebpf4j.runtime.ProbeSessionKernelTest.awaitTid;
import static io.ebpf4j.runtime.ProbeSessionKernelTest.bindIpv4OnNewThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.runtime.ProbeSessionKernelTest.Bound;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Probes named at run time, on this machine's kernel, against the annotated ones. */
@RequiresKernel
class DynamicProbesKernelTest {

  @Test
  void bindByNameSeesWhatTheAnnotatedBindEventSees() throws Exception {
    NetProbes annotated = new NetProbes();
    BlockingQueue<ProbeEvent> generic = new LinkedBlockingQueue<>();
    try (ProbeSession typed = ProbeRuntime.start(annotated);
        ProbeSession dynamic = ProbeRuntime.attach(Probe.syscall("bind"), generic::add)) {
      Attachment attachment = dynamic.attachments().get(0);
      assertEquals("Probe.syscall(\"bind\")", attachment.probe());
      assertEquals(typed.attachments().get(0).kind(), attachment.kind(), "the same path");
      assertEquals(typed.attachments().get(0).target(), attachment.target());

      Bound bound = bindIpv4OnNewThread("ebpf4j-dynbind");
      BindEvent expected = awaitTid(annotated.binds, bound.tid());
      ProbeEvent e = await(generic, x -> x.tid() == bound.tid());

      assertEquals(expected.fd(), e.getInt("fd"));
      assertEquals(expected.fd(), e.getLong("fd"));
      assertEquals(expected.addrlen(), e.getInt("addrlen"));
      assertEquals(16, e.getInt("addrlen"), "sizeof(struct sockaddr_in)");
      assertEquals(expected.umyaddr(), e.getLong("umyaddr"));
      assertEquals(expected.pid(), e.pid());
      assertEquals(expected.uid(), e.uid());
      assertEquals(expected.gid(), e.gid());
      assertEquals(expected.comm(), e.comm());
      assertEquals("ebpf4j-dynbind", e.comm());
      assertEquals(0, dynamic.handlerErrors());
      assertTrue(dynamic.deliveredEvents() >= 1);
    }
  }

  @Test
  void theRuntimeWritesTheProcessorsCForTheSameProbe() throws Exception {
    long before = System.nanoTime();
    RuntimeProgram program =
        RuntimeProgram.generate(List.of(Probe.syscall("bind")), List.of(e -> {}), Kernel.tracefs());
    long cold = System.nanoTime() - before;
    before = System.nanoTime();
    RuntimeProgram.generate(List.of(Probe.syscall("bind")), List.of(e -> {}), Kernel.tracefs());
    System.out.printf(
        "[measured] writing the program of Probe.syscall(\"bind\") from the live formats: %.1f ms"
            + " cold, %.1f ms again%n", cold / 1e6, (System.nanoTime() - before) / 1e6);
    String processor;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("io/ebpf4j/runtime/NetProbes.bpf.c")) {
      processor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Only the names differ: the handler class and its method, in two comments.
    String renamed =
        processor
            .replace("io.ebpf4j.runtime.NetProbes.onBind(BindEvent)", "Probe.syscall(\"bind\")")
            .replace("io.ebpf4j.runtime.NetProbes", "io.ebpf4j.runtime.DynamicProbes");
    assertEquals(renamed, program.source());
  }

  @Test
  void aTracepointWithADataLocString() throws Exception {
    BlockingQueue<ProbeEvent> execs = new LinkedBlockingQueue<>();
    try (ProbeSession session =
        ProbeRuntime.attach(Probe.tracepoint("sched:sched_process_exec"), execs::add)) {
      assertEquals(AttachKind.TRACEPOINT, session.attachments().get(0).kind());
      Process child = new ProcessBuilder("/bin/true").start();
      assertEquals(0, child.waitFor());
      int pid = (int) child.pid();
      // The JVM's jspawnhelper execs first, in the same process: wait for the exec of true.
      ProbeEvent e = await(execs, x -> x.pid() == pid && x.getString("filename").endsWith("/true"));
      assertEquals("/bin/true", e.getString("filename"));
      assertEquals(pid, e.getInt("pid"));
      assertEquals(String.class, e.fields().get(0).javaType());
      assertEquals("__data_loc char[]", e.fields().get(0).cType());
    }
  }

  @Test
  void severalProbesShareOneSessionAndReturnsHaveTheirValues() throws Exception {
    BlockingQueue<ProbeEvent> binds = new LinkedBlockingQueue<>();
    BlockingQueue<ProbeEvent> calls = new LinkedBlockingQueue<>();
    BlockingQueue<ProbeEvent> returns = new LinkedBlockingQueue<>();
    try (ProbeSession session =
        ProbeRuntime.probes()
            .on(Probe.syscall("bind"), binds::add)
            .on(Probe.syscallCall("bind"), calls::add)
            .on(Probe.syscallReturn("bind"), returns::add)
            .options(ProbeOptions.defaults().withOnlyProcess(NetProbes.PID))
            .start()) {
      Bound bound = bindIpv4OnNewThread("ebpf4j-dyncall");
      ProbeEvent entry = await(binds, x -> x.tid() == bound.tid());
      ProbeEvent call = await(calls, x -> x.tid() == bound.tid());
      assertEquals(entry.getInt("fd"), call.getInt("fd"));
      assertEquals(0, call.getLong("ret"), "bind succeeded");
      assertTrue(call.getLong("latencyNanos") > 0);
      ProbeEvent ret = await(returns, x -> x.tid() == bound.tid());
      assertEquals(0, ret.getLong("ret"));
      assertEquals(List.of("ret"), ret.fields().stream().map(EventField::name).toList());
      assertTrue(ret.timestampNanos() > entry.timestampNanos(), "the return is after the entry");
      assertEquals(Probe.syscallCall("bind"), call.probe());
      assertNotEquals(entry.probe(), call.probe());
    }
  }

  @Test
  void uprobesAndUretprobesByName() throws Exception {
    BlockingQueue<ProbeEvent> calls = new LinkedBlockingQueue<>();
    BlockingQueue<ProbeEvent> returns = new LinkedBlockingQueue<>();
    int self = NetProbes.PID;
    try (ProbeSession session =
        ProbeRuntime.probes()
            .on(Probe.uprobe("c", "getsid").inProcess(self), calls::add)
            .on(Probe.uretprobe("c", "getsid").inProcess(self), returns::add)
            .start()) {
      assertEquals(AttachKind.UPROBE, session.attachments().get(0).kind());
      assertEquals(AttachKind.URETPROBE, session.attachments().get(1).kind());
      int sid = NativeSupport.getsid();
      ProbeEvent call = await(calls, e -> e.getLong("arg0") == 0);
      ProbeEvent ret = await(returns, e -> e.tid() == call.tid());
      assertEquals(sid, ret.getLong("ret"));
      assertEquals(List.of("arg0", "arg1", "arg2", "arg3", "arg4", "arg5"),
          call.fields().stream().map(EventField::name).toList());
    }
  }

  @Test
  void aMisspeltSyscallSaysWhichTheKernelHas() {
    Ebpf4jException e =
        assertThrows(Ebpf4jException.class, () -> ProbeRuntime.attach(Probe.syscall("bnid"), x -> {}));
    assertEquals(
        "Probe.syscall(\"bnid\"): this kernel has no system call `bnid` (no syscalls/sys_enter_bnid"
            + " tracepoint); did you mean `bind`?",
        e.getMessage());
  }

  @Test
  void aMisspeltTracepointSaysWhichTheKernelHas() {
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class,
            () -> ProbeRuntime.attach(Probe.tracepoint("sched:sched_proces_exec"), x -> {}));
    assertEquals(
        "Probe.tracepoint(\"sched:sched_proces_exec\"): this kernel has no tracepoint"
            + " `sched:sched_proces_exec` (no events/sched/sched_proces_exec/format); did you mean"
            + " `sched:sched_process_exec`?",
        e.getMessage());
  }

  private static ProbeEvent await(BlockingQueue<ProbeEvent> queue, Predicate<ProbeEvent> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      ProbeEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && wanted.test(e)) {
        return e;
      }
    }
    throw new AssertionError("no such event within 10 s");
  }
}
