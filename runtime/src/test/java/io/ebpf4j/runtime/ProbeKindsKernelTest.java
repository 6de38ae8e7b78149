package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.KernelReturn;
import io.ebpf4j.api.UprobeEvent;
import io.ebpf4j.api.UretprobeEvent;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Every probe kind, attached and receiving on this machine's kernel. */
@RequiresKernel
class ProbeKindsKernelTest {

  @Test
  void openatEntryAndReturnInOneEvent() throws Exception {
    FileProbes probes = new FileProbes();
    Path file = Files.createTempFile("ebpf4j-open-", ".txt");
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        OpenatCallEvent call = await(probes.calls, e -> e.filename().equals(file.toString()));
        assertTrue(call.ret() >= 0, "a file descriptor: " + call);
        assertEquals(
            file.toString(),
            Files.readSymbolicLink(Path.of("/proc/self/fd/" + call.ret())).toString(),
            "the returned fd is the file that was opened");
        assertTrue(call.latencyNanos() > 0, "latency " + call.latencyNanos());
        assertTrue(call.timestampNanos() > 0);
        OpenatReturnEvent ret = await(probes.returns, e -> e.ret() == call.ret());
        assertEquals(call.tid(), ret.tid());
      }
      System.out.printf("[measured] openat probes: %s%n", session.attachments());
      if (KprobeExpectation.expected()) {
        String function = Kernel.syscallFunction("openat").orElseThrow();
        assertEquals(
            List.of("KPROBE " + function, "KRETPROBE " + function, "KRETPROBE " + function),
            attached(session));
      } else {
        assertEquals(
            List.of(
                "TRACEPOINT syscalls:sys_enter_openat",
                "TRACEPOINT syscalls:sys_exit_openat",
                "TRACEPOINT syscalls:sys_exit_openat"),
            attached(session));
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void execTracepointCarriesThePath() throws Exception {
    ExecProbes probes = new ExecProbes();
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      assertEquals(AttachKind.TRACEPOINT, session.attachments().get(0).kind());
      Process child = new ProcessBuilder("/bin/true").start();
      long childPid = child.pid();
      child.waitFor();
      // The JDK first execs its jspawnhelper in the child, then the program: same pid, two execs.
      SchedProcessExecEvent exec =
          await(probes.execs, e -> e.pid() == childPid && e.filename().equals("/bin/true"));
      assertEquals("true", exec.comm());
    }
  }

  @Test
  void uprobeAndUretprobeOnLibc() throws Exception {
    LibcProbes probes = new LibcProbes();
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      assertEquals(AttachKind.UPROBE, session.attachments().get(0).kind());
      int sid = NativeSupport.getsid();
      UprobeEvent call = await(probes.calls, e -> e.arg0() == 0);
      UretprobeEvent ret = await(probes.returns, e -> e.tid() == call.tid());
      assertEquals(sid, (int) ret.ret());
    }
  }

  @Test
  void kernelFunctionKprobesFireOrNameTheMissingOption() throws Exception {
    KernelFunctionProbes probes = new KernelFunctionProbes();
    if (!KprobeExpectation.expected()) {
      Ebpf4jException e = assertThrows(Ebpf4jException.class, () -> ProbeRuntime.start(probes));
      assertTrue(e.getMessage().contains("CONFIG_KPROBES"), e.getMessage());
      return;
    }
    Path file = Files.createTempFile("ebpf4j-kfunc-", ".txt");
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      assertEquals(
          List.of("KPROBE do_sys_openat2", "KRETPROBE do_sys_openat2"), attached(session));
      Files.readAllBytes(file);
      KernelCall<KernelFunctionProbes.OpenAt2Args> call =
          await(probes.calls, c -> c.args().filename() != 0);
      assertEquals(-100, call.args().dfd(), "AT_FDCWD");
      KernelReturn ret = await(probes.returns, r -> r.tid() == call.tid());
      assertTrue(ret.ret() >= 0, "an fd: " + ret.ret());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** "KIND target" of each attachment, sorted: the order of attachment is not the point. */
  private static List<String> attached(ProbeSession session) {
    return session.attachments().stream()
        .map(a -> a.kind() + " " + a.target())
        .sorted()
        .toList();
  }

  private static <T> T await(BlockingQueue<T> queue, Predicate<T> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      T e = queue.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && wanted.test(e)) {
        return e;
      }
    }
    throw new AssertionError("no matching event within 20 s");
  }
}
