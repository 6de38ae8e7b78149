package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.runtime.RequiresKernel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs each example's main for a few seconds while something it traces happens, and reads what
 * it printed: the examples are user-shaped code, compiled by the real processor.
 */
@RequiresKernel
class ExamplesKernelTest {

  @Test
  void bindSnoopPrintsThisProcessBinding() throws Exception {
    String out =
        runWhile(
            () -> BindSnoop.main(new String[] {"--duration", "4s"}),
            () -> {
              try (DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET)) {
                c.bind(new InetSocketAddress("127.0.0.1", 0));
              }
            });
    List<String> lines = out.lines().toList();
    assertEquals("COMM             PID     FD", lines.get(0));
    long pid = ProcessHandle.current().pid();
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("\\S+\\s+" + pid + "\\s+\\d+")),
        "a bind line for pid " + pid + " in:\n" + out);
  }

  @Test
  void helloClonePrintsTheForkingShell() throws Exception {
    long[] shellPid = new long[1];
    String out =
        runWhile(
            () -> HelloClone.main(new String[] {"--duration", "4s"}),
            () -> {
              // A background job is forked with clone(2) (a plain command is vfork(2)).
              Process sh = new ProcessBuilder("/bin/sh", "-c", "/bin/true & wait").start();
              shellPid[0] = sh.pid();
              sh.waitFor();
            });
    assertTrue(
        out.lines().anyMatch(l -> l.equals(shellPid[0] + " Hello, World!")),
        "\"" + shellPid[0] + " Hello, World!\" in:\n" + out);
  }

  @Test
  void nativeHelloReadsItsOwnCBackThroughTracePipe() throws Exception {
    String out =
        runWhile(
            () -> NativeHello.main(new String[] {"--duration", "4s"}),
            () -> new ProcessBuilder("/bin/sh", "-c", "/bin/true & wait").start().waitFor());
    assertTrue(out.lines().anyMatch(l -> l.matches("\\d+ Hello, World!")), out);
  }

  @Test
  void openSnoopPrintsTheFileThisProcessOpens() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("ebpf4j-opensnoop-", ".txt");
    try {
      String out =
          runWhile(
              () -> OpenSnoop.main(new String[] {"--duration", "4s"}),
              () -> java.nio.file.Files.readAllBytes(file));
      long pid = ProcessHandle.current().pid();
      assertTrue(
          out.lines().anyMatch(l -> l.matches(pid + "\\s+\\S+\\s+\\d+\\s+\\d+ " + file)),
          "an open of " + file + " by " + pid + " in:\n" + out);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void openErrorsCountsTheFailedOpensOfAThread() throws Exception {
    String out =
        runWhile(
            () -> OpenErrors.main(new String[] {"--duration", "4s"}),
            () -> {
              Thread t =
                  new Thread(
                      () -> {
                        try (var in = new java.io.FileInputStream("/nonexistent-ebpf4j/errors")) {
                          throw new AssertionError("the file exists");
                        } catch (java.io.IOException expected) {
                          // ENOENT: the failure to count
                        }
                      },
                      "ebpf4j-openerr");
              t.start();
              t.join();
            });
    List<String> lines = out.lines().toList();
    assertEquals("COMM             ERRNO               COUNT", lines.get(0));
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("ebpf4j-openerr\\s+ENOENT \\(2\\)\\s+[1-6]")),
        "a count of this thread's failed opens in:\n" + out);
    assertTrue(
        lines.stream().skip(1).allMatch(l -> l.matches(".*\\(\\d+\\)\\s+\\d+")),
        "every row an errno and a count:\n" + out);
  }

  @Test
  void execSnoopPrintsTheProgramStarted() throws Exception {
    String out =
        runWhile(
            () -> ExecSnoop.main(new String[] {"--duration", "4s"}),
            () -> new ProcessBuilder("/bin/true").start().waitFor());
    assertTrue(out.lines().anyMatch(l -> l.matches("\\d+\\s+true\\s+/bin/true")), out);
  }

  @Test
  void syscallTracePrintsTheOpenOfThisProcessByName() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("ebpf4j-syscalltrace-", ".txt");
    try {
      long pid = ProcessHandle.current().pid();
      String out =
          runWhile(
              () -> SyscallTrace.main(
                  new String[] {"openat", "--filter-pid", String.valueOf(pid), "--duration", "4s"}),
              () -> java.nio.file.Files.readAllBytes(file));
      List<String> lines = out.lines().toList();
      assertEquals("PID     TID     COMM             PROBE", lines.get(0));
      assertTrue(
          lines.stream().skip(1).allMatch(l -> l.startsWith(pid + " ")),
          "only this process, as --filter-pid says:\n" + out);
      assertTrue(
          lines.stream().anyMatch(l -> l.matches(
              pid + "\\s+\\d+\\s+.+ openat dfd=-?\\d+ filename="
                  + java.util.regex.Pattern.quote(file.toString()) + " flags=\\d+ mode=\\d+")),
          "an openat of " + file + " in:\n" + out);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void syscallCountPrintsTheTopCallsOfThisProcess() throws Exception {
    String out =
        runWhile(
            () -> SyscallCount.main(new String[] {"--duration", "4s"}),
            ExamplesKernelTest::getppids);
    List<String> lines = out.lines().toList();
    int header = lines.indexOf(String.format("%-7s %-16s %-20s %8s", "PID", "COMM", "SYSCALL",
        "COUNT"));
    assertTrue(header >= 0, "the header in:\n" + out);
    List<String> rows = lines.subList(header + 1, lines.size());
    assertEquals(SyscallCount.TOP, rows.size(), out);
    long pid = ProcessHandle.current().pid();
    assertTrue(
        rows.stream().anyMatch(l -> l.matches(pid + "\\s+.*\\s(getppid|#110)\\s+[1-9]\\d*")),
        "this process's getppid(2) calls in:\n" + out);
  }

  /** Enough getppid(2) calls to top a busy machine's list, each one system call. */
  private static void getppids() throws Exception {
    java.lang.foreign.Linker linker = java.lang.foreign.Linker.nativeLinker();
    java.lang.invoke.MethodHandle getppid =
        linker.downcallHandle(
            linker.defaultLookup().find("getppid").orElseThrow(),
            java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT));
    try {
      for (int i = 0; i < 100_000; i++) {
        int ppid = (int) getppid.invokeExact();
      }
    } catch (Throwable t) {
      throw new Exception(t);
    }
  }

  @Test
  void syscallLatencyPrintsHistogramsAsBccDoes() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("ebpf4j-latency-", ".txt");
    try {
      String out =
          runWhile(
              () -> SyscallLatency.main(new String[] {"--duration", "4s"}),
              () -> java.nio.file.Files.readAllBytes(file));
      assertTrue(out.lines().anyMatch(l -> l.startsWith("comm = ")), out);
      assertTrue(
          out.lines().anyMatch(l -> l.equals("     nsecs               : count     distribution")),
          "bcc's header in:\n" + out);
      assertTrue(
          out.lines()
              .anyMatch(l -> l.matches("\\s+\\d+ -> \\d+\\s+: [1-9]\\d*\\s+\\|\\*+ *\\|")),
          "a bucket with a count and its stars in:\n" + out);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  void syscallTracePrintsATracepointsFieldsByName() throws Exception {
    String out =
        runWhile(
            () -> SyscallTrace.main(new String[] {"sched:sched_process_exec", "--duration", "4s"}),
            () -> new ProcessBuilder("/bin/true").start().waitFor());
    assertTrue(
        out.lines().anyMatch(l -> l.matches(
            "\\d+\\s+\\d+\\s+true\\s+sched:sched_process_exec filename=/bin/true pid=\\d+"
                + " old_pid=\\d+")),
        out);
  }

  @Test
  void jvmGcPrintsThisJvmsCollectionsAndTheirPauses() throws Exception {
    long self = ProcessHandle.current().pid();
    String out = runWhile(() -> JvmGc.main(new String[] {"--duration", "8s"}), System::gc);
    assertTrue(out.lines().anyMatch(l -> l.matches(self + "\\s+begin\\s+true\\s*")), out);
    assertTrue(out.lines().anyMatch(l -> l.matches(self + "\\s+end\\s+\\d+")), out);
    assertTrue(out.contains("GC pauses of process " + self), out);
  }

  @Test
  void jvmThreadsPrintsAThreadOfThisJvmByName() throws Exception {
    long self = ProcessHandle.current().pid();
    String name = "ebpf4j-examples-" + System.nanoTime();
    String out =
        runWhile(
            () -> JvmThreads.main(new String[] {"--duration", "8s"}),
            () -> Thread.ofPlatform().name(name).start(() -> {}).join());
    assertTrue(out.lines().anyMatch(l -> l.matches(self + "\\s+start\\s+\\d+\\s+\\d+\\s+false\\s+" + name)), out);
    assertTrue(out.lines().anyMatch(l -> l.matches(self + "\\s+stop\\s+.*" + name)), out);
  }

  @Test
  void classLoadsPrintsAClassThisJvmLoads() throws Exception {
    long self = ProcessHandle.current().pid();
    java.net.URL classes =
        ExamplesKernelTest.class.getProtectionDomain().getCodeSource().getLocation();
    String out =
        runWhile(
            () -> ClassLoads.main(new String[] {"--duration", "8s"}),
            () -> {
              // A fresh loader each time: the class loads again, and the probe fires again.
              try (var loader = new java.net.URLClassLoader(new java.net.URL[] {classes}, null)) {
                loader.loadClass(Marker.class.getName());
              }
            });
    assertTrue(
        out.lines().anyMatch(l -> l.matches(self + "\\s+false\\s+0x[0-9a-f]+\\s+"
            + Marker.class.getName().replace('.', '/').replace("$", "\\$"))),
        out);
  }

  /** Loaded by {@link #classLoadsPrintsAClassThisJvmLoads}, a class no one else loads. */
  static final class Marker {}

  @Test
  void profilePrintsTheKernelPathOfThisProcesssSystemCallsAndWritesAFlameGraph() throws Exception {
    java.nio.file.Path page = java.nio.file.Files.createTempFile("ebpf4j-profile-", ".html");
    try {
      long pid = ProcessHandle.current().pid();
      String out =
          runUntilDone(
              () -> Profile.main(new String[] {"--pid", String.valueOf(pid), "--out",
                  page.toString(), "--duration", "4s"}),
              () -> {
                long end = System.nanoTime() + 200_000_000L;
                while (System.nanoTime() < end) {
                  getppids();
                }
              });
      List<String> lines = out.lines().toList();
      assertTrue(
          lines.get(0).matches("[1-9]\\d* samples at 99 Hz; \\d+ lost stacks; flame graph: "
              + java.util.regex.Pattern.quote(page.toString())),
          out);
      assertTrue(
          lines.stream().anyMatch(l -> l.matches("\\d+ samples, pid " + pid + " \\(.+\\)")), out);
      assertTrue(lines.stream().anyMatch(l -> l.matches("    \\S.*")), "frames printed:\n" + out);
      // Every stack is in the graph: the loop's system calls, from libc's getppid through the
      // kernel's entry (getppid itself is too short to be sampled often).
      String graph = java.nio.file.Files.readString(page);
      assertTrue(graph.contains("{\"n\":\"getppid\","), "libc's getppid in the flame graph");
      assertTrue(graph.contains("{\"n\":\"do_syscall_64_[k]\","), "the kernel's entry in it");
    } finally {
      java.nio.file.Files.deleteIfExists(page);
    }
  }

  @Test
  void javaHotMethodsNamesTheMethodAChildJvmSpinsIn() throws Exception {
    Process jvm =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+PreserveFramePointer",
                "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=dontinline,io.ebpf4j.examples.BusyJava::hotLoopQ9",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                BusyJava.class.getName(),
                "60")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      assertEquals("ready", new java.io.BufferedReader(new java.io.InputStreamReader(
          jvm.getInputStream(), StandardCharsets.UTF_8)).readLine());
      Thread.sleep(2_000); // compiled by then: interpreted samples would name no method
      String out =
          runWhile(
              () -> JavaHotMethods.main(
                  new String[] {"--pid", String.valueOf(jvm.pid()), "--duration", "4s"}),
              () -> {});
      List<String> lines = out.lines().toList();
      assertTrue(lines.get(0).matches("[1-9]\\d* samples of pid " + jvm.pid()
          + ", [1-9]\\d* in Java methods"), out);
      int header = lines.indexOf(String.format("%7s %6s  %s", "SAMPLES", "%", "METHOD"));
      assertTrue(header > 0, out);
      assertTrue(
          lines.get(header + 1).matches(
              "\\s+\\d+\\s+\\d+\\.\\d  long io\\.ebpf4j\\.examples\\.BusyJava\\.hotLoopQ9\\(long\\)"),
          "the spinning method first in:\n" + out);
    } finally {
      jvm.destroyForcibly();
      jvm.waitFor();
    }
  }

  @Test
  void offCpuShowsWhereThisProcessSleepsAndForHowLong() throws Exception {
    java.nio.file.Path page = java.nio.file.Files.createTempFile("ebpf4j-offcpu-", ".html");
    try {
      long pid = ProcessHandle.current().pid();
      String out =
          runUntilDone(
              () -> OffCpu.main(new String[] {"--pid", String.valueOf(pid), "--out",
                  page.toString(), "--duration", "4s"}),
              () -> Thread.sleep(100));
      List<String> lines = out.lines().toList();
      assertTrue(
          lines.get(0).matches("[1-9]\\d* ms off CPU in all; flame graph \\(widths in"
              + " microseconds\\): " + java.util.regex.Pattern.quote(page.toString())),
          out);
      assertTrue(
          lines.stream().allMatch(l -> !l.matches("\\d+ ms off CPU, pid \\d+ .*")
              || l.matches("\\d+ ms off CPU, pid " + pid + " .*")),
          "only this process, as --pid says:\n" + out);
      assertTrue(
          lines.stream().anyMatch(l -> l.matches("    \\S*schedule\\S*_\\[k\\]")),
          "the scheduler's kernel frames in:\n" + out);
    } finally {
      java.nio.file.Files.deleteIfExists(page);
    }
  }

  interface Action {
    void run() throws Exception;
  }

  /**
   * Runs {@code main} with stdout captured, doing {@code action} again and again until it
   * returns: for examples that count what happens while they run, however long their start
   * takes on a busy machine.
   */
  private static String runUntilDone(Action main, Action action) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Exception[] failure = new Exception[1];
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Thread runner =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      main.run();
                    } catch (Exception e) {
                      failure[0] = e;
                    }
                  });
      while (runner.isAlive()) {
        action.run();
      }
      runner.join();
    } finally {
      System.setOut(original);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** Runs {@code main} with stdout captured, doing {@code action} once it has had time to attach. */
  private static String runWhile(Action main, Action action) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Exception[] failure = new Exception[1];
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Thread runner =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      main.run();
                    } catch (Exception e) {
                      failure[0] = e;
                    }
                  });
      // bcc compiles for about a second; act a few times so that a slow start is not a miss.
      for (int i = 0; i < 6 && runner.isAlive(); i++) {
        Thread.sleep(500);
        action.run();
      }
      runner.join();
    } finally {
      System.setOut(original);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
