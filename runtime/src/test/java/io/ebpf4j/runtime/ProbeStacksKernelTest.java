package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.Frame;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.runtime.stacks.HotspotStacks;
import io.ebpf4j.runtime.stacks.UprobeStacks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stacks on the probes that took none before: a uprobe and a uretprobe on a C program's function
 * (named at run time), {@code @Uprobe} on libc, {@code @Hotspot("thread__start")} in a child JVM,
 * and a system call probe named at run time with {@code withStacks}. Each handler resolves the
 * stacks while the session runs; close waits for every event.
 */
@RequiresKernel
class ProbeStacksKernelTest {
  private static final long PID = ProcessHandle.current().pid();
  private static final int CALLS = 5;
  private static final String LEAF = "ebpf4j_leaf_q8";

  @TempDir Path dir;

  /** Resolving this JVM's user stacks has it write a perf map: remove it. */
  @AfterAll
  static void removeOwnPerfMap() throws java.io.IOException {
    Files.deleteIfExists(Path.of("/tmp/perf-" + PID + ".map"));
  }

  private static ProbeOptions options() {
    return ProbeOptions.defaults().withCloseTimeout(Duration.ofMinutes(3));
  }

  /**
   * At the uprobe the innermost frame is the function, then its callers; at the return it is the
   * caller, middle, then outer. (At a function's first instruction its caller's return address
   * is on the stack but in no frame yet: kernels before 6.x's entry fix-up skip that caller,
   * middle, so only outer and main are asserted there.)
   */
  @Test
  void aCFunctionsUprobeAndUretprobeStacksNameItsCallers() throws Exception {
    Path binary = Workloads.compile(dir, "uprobe_callers", "-O0");
    List<StackTrace> entries = new CopyOnWriteArrayList<>();
    List<StackTrace> returns = new CopyOnWriteArrayList<>();
    CountDownLatch seen = new CountDownLatch(2 * CALLS);
    try (Workloads.Running c = Workloads.startNative(binary, 120)) {
      int pid = (int) c.pid();
      try (ProbeSession session =
          ProbeRuntime.probes()
              .on(Probe.uprobe(binary.toString(), LEAF).inProcess(pid).withStacks(Stack.USER),
                  e -> keep(entries, e.userStack(), seen))
              .on(Probe.uretprobe(binary.toString(), LEAF).inProcess(pid).withStacks(Stack.USER),
                  e -> keep(returns, e.userStack(), seen))
              .options(options())
              .start()) {
        assertTrue(seen.await(5, TimeUnit.MINUTES), "calls of " + LEAF + " seen: " + entries);
        session.close();
      }
    }
    StackTrace entry = entries.get(0);
    assertTrue(entry.present(), entry.reason());
    Frame innermost = entry.frames().get(0);
    assertEquals(LEAF, innermost.symbol(), "" + entry);
    assertEquals(Frame.Kind.NATIVE, innermost.kind(), "" + entry);
    assertTrue(innermost.module().endsWith("uprobe_callers"), "" + entry);
    assertTrue(entry.contains("ebpf4j_outer_q8"), "the caller's caller:\n" + entry);
    assertTrue(entry.contains("main"), "" + entry);

    StackTrace exit = returns.get(0);
    assertTrue(exit.present(), exit.reason());
    assertEquals("ebpf4j_middle_q8", exit.frames().get(0).symbol(), "the caller:\n" + exit);
    assertTrue(exit.contains("ebpf4j_outer_q8"), "" + exit);
    System.out.println("[measured] a uprobe's user stack:\n" + entry);
  }

  private static void keep(List<StackTrace> kept, StackTrace stack, CountDownLatch seen) {
    if (kept.size() < CALLS) {
      kept.add(stack);
      seen.countDown();
    }
  }

  @Test
  void anAnnotatedUprobeOnLibcTakesTheUserStack() {
    UprobeStacks probes = new UprobeStacks();
    try (ProbeSession session =
        ProbeRuntime.start(probes, options().withOnlyProcess(PID))) {
      for (int i = 0; i < CALLS; i++) {
        NativeSupport.getppid();
      }
      session.close();
    }
    assertEquals(CALLS, probes.calls.size(), "one event per call");
    UprobeStacks.Seen call = probes.calls.get(0);
    Frame innermost = call.user().frames().get(0);
    assertEquals("getppid", innermost.symbol(), "" + call.user());
    assertTrue(innermost.module().contains("libc"), "" + call.user());
    assertEquals(EventStacks.NOT_REQUESTED, call.kernelStackId());
  }

  @Test
  void aSystemCallNamedAtRunTimeTakesStacksWhenAsked() {
    List<ProbeEvent> stacked = new CopyOnWriteArrayList<>();
    List<StackTrace> kernels = new CopyOnWriteArrayList<>();
    List<StackTrace> users = new CopyOnWriteArrayList<>();
    List<ProbeEvent> plain = new CopyOnWriteArrayList<>();
    try (ProbeSession session =
        ProbeRuntime.probes()
            .on(Probe.syscall("getppid").withStacks(Stack.KERNEL, Stack.USER), e -> {
              stacked.add(e);
              kernels.add(e.kernelStack());
              users.add(e.userStack());
            })
            .on(Probe.syscallReturn("getppid"), plain::add)
            .options(options().withOnlyProcess(PID))
            .start()) {
      for (int i = 0; i < CALLS; i++) {
        NativeSupport.getppid();
      }
      session.close();
      assertEquals(0, session.stats().stacksLost());
    }
    assertEquals(CALLS, stacked.size());
    StackTrace kernel = kernels.get(0);
    assertTrue(kernel.contains("do_syscall_64"), "the syscall entry:\n" + kernel);
    if (KprobeExpectation.expected()) {
      assertTrue(
          kernel.contains("__x64_sys_getppid") || kernel.contains("__do_sys_getppid"),
          "the system call's function is on its kprobe's stack:\n" + kernel);
    }
    assertTrue(stacked.get(0).stacks().kernelStackId() >= 0, "" + stacked.get(0).stacks());
    Frame user = users.get(0).frames().get(0);
    assertTrue(user.module().contains("libc"), "" + users.get(0));
    assertTrue(stacked.get(0).toString().startsWith("pid=" + PID), "" + stacked.get(0));
    // The probe without stacks says how to ask for them.
    assertEquals(CALLS, plain.size());
    assertFalse(plain.get(0).kernelStack().present());
    assertTrue(plain.get(0).kernelStack().reason().contains("add Stack.KERNEL"),
        plain.get(0).kernelStack().reason());
  }

  /**
   * {@code thread__start} fires in the new thread, in libjvm, before any Java code runs there:
   * its user stack is libjvm's and libc's. {@code class__loaded} fires under the Java code that
   * loads the class, so its stack has Java frames too (the child keeps frame pointers).
   */
  @Test
  void aHotspotProbesUserStackHasTheJvmsFrames() throws Exception {
    String name = "ebpf4j-stacked-" + UUID.randomUUID().toString().substring(0, 8);
    Path source = dir.resolve("StackChild.java");
    Files.writeString(source, """
        public class StackChild {
          public static void main(String[] args) throws Exception {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
            System.out.println("ready");
            in.readLine();
            Thread t = new Thread(() -> {}, "NAME");
            t.start();
            t.join();
            System.out.println(new Loaded_NAME());
            System.out.println("started");
            in.readLine();
          }
        }

        class Loaded_NAME {
          @Override public String toString() { return "loaded"; }
        }
        """.replace("Loaded_NAME", "Loaded_" + name.replace('-', '_')).replace("NAME", name));
    Process child =
        new ProcessBuilder(
                UsdtKernelTest.TEMURIN_25.toString(), "-XX:+PreserveFramePointer", "-Xmx64m",
                source.toString())
            .redirectErrorStream(true)
            .start();
    HotspotStacks probes = new HotspotStacks();
    try {
      Writer commands = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", out.readLine());
      try (ProbeSession session =
          ProbeRuntime.start(probes, options().withOnlyProcess(child.pid()))) {
        commands.write("go\n");
        commands.flush();
        assertEquals("loaded", out.readLine());
        assertEquals("started", out.readLine());
        session.close();
      }
      commands.write("exit\n");
      commands.flush();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
    } finally {
      child.destroyForcibly();
    }
    HotspotStacks.Seen start =
        probes.starts.stream().filter(s -> s.threadName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no start of " + name + ": " + probes.starts));
    StackTrace user = start.user();
    assertTrue(user.present(), user.reason());
    assertTrue(
        user.frames().stream().anyMatch(f -> f.module().endsWith("libjvm.so") && f.symbol() != null),
        "a named libjvm frame:\n" + user);
    System.out.println("[measured] thread__start's user stack:\n" + user);
    // The class is loaded from Java (the source launcher's class loader, interpreted in a new
    // JVM) through ClassLoader.defineClass1: both sides of the JNI call are on the stack.
    StackTrace load = probes.loads.get(0).user();
    assertTrue(load.contains("Java_java_lang_ClassLoader_defineClass1"), "" + load);
    assertTrue(
        load.frames().stream().anyMatch(
            f -> f.kind() == Frame.Kind.JAVA_INTERPRETED || f.kind() == Frame.Kind.JAVA_COMPILED),
        "a Java frame:\n" + load);
    System.out.println("[measured] class__loaded's user stack:\n" + load);
  }
}
