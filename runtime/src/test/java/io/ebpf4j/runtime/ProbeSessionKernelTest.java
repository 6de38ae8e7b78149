package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code @Kprobe("bind")} from annotation to handler, on this machine's kernel. */
@RequiresKernel
class ProbeSessionKernelTest {

  @Test
  void bindArrivesWithThisProcessThreadAndAddress() throws Exception {
    NetProbes probes = new NetProbes();
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      assertAttachedOnTheExpectedPath(session);

      long before = System.nanoTime();
      Bound bound = bindIpv4OnNewThread("ebpf4j-binder");
      long after = System.nanoTime();
      BindEvent e = awaitTid(probes.binds, bound.tid());

      assertEquals(NetProbes.PID, e.pid());
      assertEquals(bound.tid(), e.tid());
      assertEquals(16, e.addrlen(), "sizeof(struct sockaddr_in)");
      assertEquals("ebpf4j-binder", e.comm(), "the binding thread's name");
      assertEquals(bound.fdTarget(), Files.readSymbolicLink(Path.of("/proc/self/fd/" + e.fd())).toString());
      assertTrue(e.umyaddr() != 0, "a user-space address");
      assertEquals(currentIds("Uid:"), e.uid());
      assertEquals(currentIds("Gid:"), e.gid());
      assertTrue(
          before <= e.timestampNanos() && e.timestampNanos() <= after,
          "bpf_ktime_get_ns and System.nanoTime are both CLOCK_MONOTONIC");
      assertTrue(session.deliveredEvents() >= 1);
      assertEquals(0, session.handlerErrors());
      System.out.printf(
          "[measured] start() to attached: %d ms via %s%n",
          session.startupTime().toMillis(), session.attachments());
    }
  }

  @Test
  void startByClassUsesTheNoArgumentConstructor() throws Exception {
    StaticProbes.BINDS.clear();
    try (ProbeSession session = ProbeRuntime.start(StaticProbes.class)) {
      Bound bound = bindIpv4OnNewThread("ebpf4j-static");
      assertEquals(bound.tid(), awaitTid(StaticProbes.BINDS, bound.tid()).tid());
    }
  }

  @Test
  void closeReleasesEveryBpfDescriptorAndIsIdempotent() throws Exception {
    List<String> before = NativeSupport.bpfDescriptors();
    ProbeSession session = ProbeRuntime.start(new NetProbes());
    assertTrue(
        NativeSupport.bpfDescriptors().size() > before.size(), "a running session holds BPF fds");
    session.close();
    session.close();
    assertEquals(before, NativeSupport.bpfDescriptors(), "bpf-prog / perf_event fds left after close");
    assertTrue(
        Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().startsWith("ebpf4j-NetProbes")),
        "the delivery thread is stopped");
  }

  @Test
  void aThrowingHandlerDoesNotStopDelivery() throws Exception {
    FlakyProbes probes = new FlakyProbes();
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      bindIpv4OnNewThread("ebpf4j-first");
      Bound second = bindIpv4OnNewThread("ebpf4j-second");
      BindEvent e = awaitTid(probes.afterFailure, second.tid());
      assertEquals("ebpf4j-second", e.comm());
      assertEquals(1, session.handlerErrors());
      assertTrue(session.deliveredEvents() >= 2);
    }
  }

  @Test
  void onlyProcessKeepsOtherProcessesOutInTheKernel() throws Exception {
    AllBindsProbes probes = new AllBindsProbes();
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(NetProbes.PID))) {
      Process child =
          new ProcessBuilder(
                  "/usr/bin/python3",
                  "-c",
                  "import socket; socket.socket().bind(('127.0.0.1', 0)); print('bound')")
              .redirectErrorStream(true)
              .start();
      assertEquals("bound", new String(child.getInputStream().readAllBytes()).strip());
      assertEquals(0, child.waitFor());
      Bound bound = bindIpv4OnNewThread("ebpf4j-filtered");
      awaitTid(probes.binds, bound.tid());
      assertTrue(
          probes.binds.stream().allMatch(e -> e.pid() == NetProbes.PID),
          "only this process's binds: " + probes.binds);
    }
  }

  @Test
  void anInstanceOfASubclassUsesItsSuperclassProgram() throws Exception {
    BlockingQueue<BindEvent> seen = new java.util.concurrent.LinkedBlockingQueue<>();
    NetProbes probes =
        new NetProbes() {
          @Override
          void onBind(BindEvent e) {
            seen.add(e);
          }
        };
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      Bound bound = bindIpv4OnNewThread("ebpf4j-subclass");
      assertEquals(bound.tid(), awaitTid(seen, bound.tid()).tid());
    }
  }

  @Test
  void closeFromAHandlerStopsTheSession() throws Exception {
    List<String> before = NativeSupport.bpfDescriptors();
    ClosingProbes probes = new ClosingProbes();
    ProbeSession session = ProbeRuntime.start(probes);
    probes.session = session;
    bindIpv4OnNewThread("ebpf4j-closer");
    assertTrue(probes.closed.await(10, TimeUnit.SECONDS), "the handler ran and closed");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!before.equals(NativeSupport.bpfDescriptors()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(before, NativeSupport.bpfDescriptors(), "fds left after a close from a handler");
    session.close(); // still idempotent
  }

  private static void assertAttachedOnTheExpectedPath(ProbeSession session) {
    assertEquals(1, session.attachments().size());
    Attachment attachment = session.attachments().get(0);
    assertEquals("io.ebpf4j.runtime.NetProbes.onBind(BindEvent)", attachment.probe());
    if (KprobeExpectation.expected()) {
      assertEquals(AttachKind.KPROBE, attachment.kind());
      assertEquals(Kernel.syscallFunction("bind").orElseThrow(), attachment.target());
    } else {
      assertEquals(AttachKind.TRACEPOINT, attachment.kind());
      assertEquals("syscalls:sys_enter_bind", attachment.target());
    }
  }

  /** A socket bound on a new thread: that thread's id, and what its fd links to. */
  record Bound(int tid, String fdTarget) {}

  static Bound bindIpv4OnNewThread(String threadName) throws Exception {
    Bound[] result = new Bound[1];
    Exception[] failure = new Exception[1];
    DatagramChannel[] keep = new DatagramChannel[1];
    Thread t =
        new Thread(
            () -> {
              try {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                channel.bind(new InetSocketAddress("127.0.0.1", 0));
                keep[0] = channel;
                result[0] = new Bound(NativeSupport.gettid(), socketInode(channel));
              } catch (Exception e) {
                failure[0] = e;
              }
            },
            threadName);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
    // Keep the socket open until the event is checked: its fd must still name it.
    OPEN_SOCKETS.add(keep[0]);
    return result[0];
  }

  private static final List<DatagramChannel> OPEN_SOCKETS = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The "socket:[inode]" link of the newest socket fd of this process. */
  private static String socketInode(DatagramChannel channel) throws IOException {
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    String hexPort = String.format("%04X", port);
    String inode =
        Files.readAllLines(Path.of("/proc/self/net/udp")).stream()
            .filter(l -> l.contains(":" + hexPort + " "))
            .map(l -> l.trim().split("\\s+")[9])
            .findFirst()
            .orElseThrow();
    return "socket:[" + inode + "]";
  }

  static BindEvent awaitTid(BlockingQueue<BindEvent> queue, int tid) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      BindEvent e = queue.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && e.tid() == tid) {
        return e;
      }
    }
    throw new AssertionError("no bind event from thread " + tid + " within 10 s");
  }

  private static int currentIds(String field) {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith(field))
          .map(l -> Integer.parseInt(l.substring(field.length()).trim().split("\\s+")[1]))
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
