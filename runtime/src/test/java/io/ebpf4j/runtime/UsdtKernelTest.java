package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's USDT probes on a child JVM: exactly N {@code gc__begin}/{@code gc__end} pairs for N
 * {@code System.gc()} calls, the start of a thread and the load of a class by their unique names,
 * on Temurin 25 and, when present, Debian's OpenJDK 17.
 */
@RequiresKernel
class UsdtKernelTest {
  static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
  static final Path DEBIAN_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
  private static final int GCS = 4;

  @TempDir Path dir;

  @Test
  void temurin25() throws Exception {
    assertTrue(Files.isExecutable(TEMURIN_25), "the proof runs on Temurin 25: " + TEMURIN_25);
    proof(TEMURIN_25);
  }

  @Test
  void debian17WhenPresent() throws Exception {
    if (!Files.isExecutable(DEBIAN_17)) {
      System.out.println("[skipped] no Debian OpenJDK 17 at " + DEBIAN_17);
      return;
    }
    proof(DEBIAN_17);
  }

  private void proof(Path java) throws Exception {
    String nonce = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Child child = Child.start(java, dir, nonce, List.of());
    JvmProbes probes = new JvmProbes();
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(child.pid()))) {
      assertTrue(
          session.attachments().stream().allMatch(a -> a.kind() == AttachKind.USDT),
          session.attachments().toString());
      System.out.printf("[measured] USDT attach of %s: %d ms, %s%n", java,
          session.startupTime().toMillis(), session.attachments());
      child.go("gc " + GCS);
      child.awaitExit();
    }
    long pid = child.pid();
    assertEquals(GCS, probes.gcBegins.stream().filter(e -> e.pid() == pid).count(),
        "gc__begin: " + probes.gcBegins);
    assertEquals(GCS, probes.gcEnds.stream().filter(e -> e.pid() == pid).count(),
        "gc__end: " + probes.gcEnds);
    assertTrue(probes.gcBegins.stream().allMatch(JvmProbesAccess::full),
        "System.gc() is a full collection: " + probes.gcBegins);
    String threadName = "ebpf4j-thread-" + nonce;
    ThreadStartEvent start =
        probes.threadStarts.stream().filter(e -> e.threadName().equals(threadName)).findFirst()
            .orElseThrow(() -> new AssertionError("no start of " + threadName + " in "
                + probes.threadStarts));
    assertEquals(pid, start.pid());
    assertTrue(!start.daemon() && start.javaThreadId() > 0, start.toString());
    String className = "Loaded_" + nonce;
    assertTrue(
        probes.classLoads.stream().anyMatch(e -> e.pid() == pid && e.className().equals(className)),
        "no load of " + className);
  }

  @Test
  void genericUsdtCountsEachGc() throws Exception {
    String nonce = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Child child = Child.start(TEMURIN_25, dir, nonce, List.of());
    JvmProbes.Raw probes = new JvmProbes.Raw();
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(child.pid()))) {
      child.go("gc " + GCS);
      child.awaitExit();
    }
    assertEquals(GCS, probes.gcBegins.stream().filter(e -> e.pid() == child.pid()).count(),
        probes.gcBegins.toString());
    // 1@%dil or 1@$1: is_full, true for System.gc().
    assertTrue(probes.gcBegins.stream().allMatch(e -> e.arg0() == 1), probes.gcBegins.toString());
  }

  @Test
  void aFilterOnAThreadNameKeepsThatThreadOnly() throws Exception {
    Child child = Child.start(TEMURIN_25, dir, "filter", List.of());
    JvmProbes.Filtered probes = new JvmProbes.Filtered();
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(child.pid()))) {
      child.go("gc 1");
      child.awaitExit();
    }
    assertEquals(1, probes.starts.size(), probes.starts.toString());
    assertEquals("ebpf4j-filtered", probes.starts.get(0).threadName());
  }

  @Test
  void monitorProbeWithoutItsFlagIsNamed() throws Exception {
    Child child = Child.start(TEMURIN_25, dir, "noflag", List.of());
    try {
      Ebpf4jException e =
          assertThrows(
              Ebpf4jException.class,
              () -> ProbeRuntime.start(new JvmProbes.Monitors(),
                  ProbeOptions.defaults().withOnlyProcess(child.pid())));
      assertTrue(e.getMessage().contains("-XX:+DTraceMonitorProbes"), e.getMessage());
      assertTrue(e.getMessage().contains("process " + child.pid()), e.getMessage());
    } finally {
      child.go("exit");
      child.awaitExit();
    }
  }

  @Test
  void contendedMonitorWithTheFlag() throws Exception {
    Child child = Child.start(TEMURIN_25, dir, "monitors", List.of("-XX:+DTraceMonitorProbes"));
    JvmProbes.Monitors probes = new JvmProbes.Monitors();
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(child.pid()))) {
      child.go("contend");
      child.awaitExit();
    }
    assertTrue(
        probes.enters.stream().anyMatch(e -> e.pid() == child.pid()
            && e.className().equals("Lock_monitors")),
        "no contended enter on Lock_monitors: " + probes.enters);
  }

  /** Gives the test's lambdas the record's accessor under a name that reads. */
  private static final class JvmProbesAccess {
    static boolean full(GcBeginEvent e) {
      return e.full();
    }
  }

  /** A child JVM that does what its stdin says once the probes are attached, then exits. */
  private record Child(Process process, Writer commands, BufferedReader output) {
    static Child start(Path java, Path dir, String nonce, List<String> options) throws IOException {
      Path source = dir.resolve("UsdtChild.java");
      Files.writeString(source, childSource(nonce));
      List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-Xms256m"));
      command.addAll(options);
      command.add(source.toString());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      Child child =
          new Child(
              process,
              new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
              new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
      String ready = child.output.readLine();
      assertEquals("ready", ready, "the child JVM " + command + " did not start");
      return child;
    }

    long pid() {
      return process.pid();
    }

    void go(String command) throws IOException {
      commands.write(command + "\n");
      commands.flush();
    }

    void awaitExit() throws Exception {
      String line;
      StringBuilder printed = new StringBuilder();
      while ((line = output.readLine()) != null) {
        printed.append(line).append('\n');
      }
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
      assertEquals(0, process.exitValue(), "the child failed:\n" + printed);
    }

    /** One source file for the source launcher, so that JDK 17 runs it as well as 25. */
    private static String childSource(String nonce) {
      return """
          import java.io.BufferedReader;
          import java.io.InputStreamReader;

          public class UsdtChild {
            public static void main(String[] args) throws Exception {
              System.out.println("ready");
              String[] command = new BufferedReader(new InputStreamReader(System.in))
                  .readLine().split(" ");
              switch (command[0]) {
                case "gc" -> {
                  for (int i = 0; i < Integer.parseInt(command[1]); i++) {
                    System.gc();
                  }
                  Thread t = new Thread(() -> {}, "ebpf4j-thread-NONCE");
                  t.start();
                  t.join();
                  Thread f = new Thread(() -> {}, "ebpf4j-filtered");
                  f.start();
                  f.join();
                  System.out.println(new Loaded_NONCE());
                }
                case "contend" -> Lock_NONCE.contend();
                default -> {}
              }
            }
          }

          class Loaded_NONCE {
            @Override public String toString() { return "loaded"; }
          }

          class Lock_NONCE {
            static void contend() throws Exception {
              Lock_NONCE lock = new Lock_NONCE();
              java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
              Thread holder = new Thread(() -> {
                synchronized (lock) {
                  holding.countDown();
                  try { Thread.sleep(300); } catch (InterruptedException e) { }
                }
              });
              holder.start();
              holding.await();
              synchronized (lock) { }
              holder.join();
            }
          }
          """.replace("NONCE", nonce);
    }
  }
}
