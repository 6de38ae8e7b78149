package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Frame;
import io.ebpf4j.api.StackTrace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real stacks, resolved by a real {@link Symbolizer}: hand-written C takes the kernel and user
 * stacks of getppid() calls of one process into a stack map; the process is this JVM, a C
 * program compiled here, or a child JVM running JIT-compiled Java.
 */
@RequiresKernel
class SymbolizerKernelTest {
  private static final String SOURCE =
      """
      struct key_t {
        int kernel;
        int user;
      };
      BPF_STACK_TRACE(stacks, 1024);
      BPF_HASH(seen, struct key_t, u64, 1024);

      TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
        if ((bpf_get_current_pid_tgid() >> 32) != TARGET_PID) {
          return 0;
        }
        struct key_t key = {};
        key.kernel = stacks.get_stackid(args, 0);
        key.user = stacks.get_stackid(args, BPF_F_USER_STACK);
        seen.increment(key);
        return 0;
      }

      TRACEPOINT_PROBE(sched, sched_process_fork) {
        if ((bpf_get_current_pid_tgid() >> 32) != TARGET_PID) {
          return 0;
        }
        struct key_t key = {};
        key.kernel = stacks.get_stackid(args, 0);
        key.user = -1;
        seen.increment(key);
        return 0;
      }
      """;

  record Key(int kernel, int user) {}

  private static final long PID = ProcessHandle.current().pid();
  private static Symbolizer symbolizer;

  @TempDir static Path work;

  @BeforeAll
  static void symbolizer() {
    symbolizer = Symbolizer.create();
  }

  @AfterAll
  static void close() {
    symbolizer.close();
  }

  /** Loads the program for process {@code pid}. */
  private static BpfModule traceProcess(long pid) {
    BpfModule module = BpfModule.compile(SOURCE, "-DTARGET_PID=" + pid);
    module.attachTracepoint(
        "tracepoint__syscalls__sys_enter_getppid", "syscalls:sys_enter_getppid");
    module.attachTracepoint(
        "tracepoint__sched__sched_process_fork", "sched:sched_process_fork");
    return module;
  }

  /** The stacks seen so far, kernel and user, resolved. */
  private static List<StackTrace[]> stacks(BpfModule module, int pid) {
    StackTraceTable table = module.stackTraceTable("stacks");
    List<StackTrace[]> result = new ArrayList<>();
    for (Key key : module.table("seen", Key.class, Long.class).keys()) {
      result.add(
          new StackTrace[] {
            table.kernelStack(key.kernel(), symbolizer),
            table.userStack(pid, key.user(), symbolizer)
          });
    }
    return result;
  }

  @Test
  void aForksKernelStackHoldsTheCloneSystemCall() throws Exception {
    try (BpfModule module = traceProcess(PID)) {
      new ProcessBuilder("true").start().waitFor();
      List<StackTrace> kernel = stacks(module, (int) PID).stream().map(s -> s[0]).toList();
      StackTrace fork =
          kernel.stream()
              .filter(s -> s.contains("kernel_clone"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no kernel_clone in " + kernel));
      assertTrue(
          fork.frames().stream()
              .map(Frame::name)
              .anyMatch(n -> n.matches("__(x64|do)_sys_(clone3?|vfork|fork)")),
          "the system call's function is on the stack:\n" + fork);
      assertTrue(fork.frames().stream().allMatch(f -> f.kind() == Frame.Kind.KERNEL), "" + fork);
      assertTrue(fork.contains("do_syscall_64"), "" + fork);
    }
  }

  @Test
  void aSystemCallTracepointsKernelStackIsTheSyscallEntry() {
    try (BpfModule module = traceProcess(PID)) {
      NativeSupport.getppid();
      StackTrace kernel =
          stacks(module, (int) PID).stream()
              .map(s -> s[0])
              .filter(StackTrace::present)
              .filter(s -> !s.contains("kernel_clone"))
              .findFirst()
              .orElseThrow();
      assertTrue(kernel.contains("do_syscall_64"), "" + kernel);
      assertTrue(kernel.frames().stream().allMatch(Frame::resolved), "" + kernel);
    }
  }

  @Test
  void aCProgramsUserStackNamesItsFunction() throws Exception {
    Path source = work.resolve("spin.c");
    Files.writeString(
        source,
        """
        #include <stdio.h>
        #include <unistd.h>
        /* The kernel walks frame pointers: the leaf that calls libc's getppid() is skipped
           (its return address is on the stack, not in a frame), its caller is not. */
        __attribute__((noinline)) long ebpf4j_leaf_qx7(long i) { return getppid() + i; }
        __attribute__((noinline)) long ebpf4j_spin_qx7(void) {
          long sum = 0;
          for (long i = 0; i < 1000; i++) sum += ebpf4j_leaf_qx7(i);
          return sum;
        }
        int main(void) {
          setvbuf(stdout, NULL, _IONBF, 0);
          char line[8];
          printf("ready\\n");
          long sum = 0;
          while (fgets(line, sizeof line, stdin)) {
            sum += ebpf4j_spin_qx7();
            printf("done\\n");
          }
          return (int) (sum & 1);
        }
        """);
    Path binary = work.resolve("spin");
    Process gcc =
        new ProcessBuilder(
                "gcc", "-O1", "-fno-omit-frame-pointer", "-o", binary.toString(), source.toString())
            .redirectErrorStream(true)
            .start();
    String gccOutput = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, gcc.waitFor(), "gcc failed (scripts/setup.sh installs it): " + gccOutput);

    Process spin = new ProcessBuilder(binary.toString()).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(spin.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("ready", out.readLine());
      try (BpfModule module = traceProcess(spin.pid())) {
        // Each line makes one round of 1,000 calls. The program must still run when its
        // stacks are resolved: an exited process has no maps to resolve them with.
        spin.getOutputStream().write("go\n".getBytes(StandardCharsets.US_ASCII));
        spin.getOutputStream().flush();
        assertEquals("done", out.readLine());
        List<StackTrace> user = stacks(module, (int) spin.pid()).stream().map(s -> s[1]).toList();
        StackTrace stack =
            user.stream()
                .filter(s -> s.contains("ebpf4j_spin_qx7"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ebpf4j_spin_qx7 in " + user));
        Frame frame =
            stack.frames().stream()
                .filter(f -> "ebpf4j_spin_qx7".equals(f.symbol()))
                .findFirst()
                .orElseThrow();
        assertEquals(Frame.Kind.NATIVE, frame.kind());
        assertEquals(binary.toString(), frame.module());
        assertTrue(stack.contains("main"), "" + stack);
      }
    } finally {
      spin.destroyForcibly().waitFor();
    }
  }

  /** Where {@link JavaSpinChild} is: this module's test classes. */
  private static Path testClasses() throws Exception {
    return Path.of(JavaSpinChild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** A spinning {@link JavaSpinChild} JVM, started behind {@code wrapper}. */
  private static Process javaChild(List<String> wrapper) throws Exception {
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+PreserveFramePointer",
            "--enable-native-access=ALL-UNNAMED",
            "-XX:-UsePerfData",
            "-cp",
            testClasses().toString(),
            JavaSpinChild.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertEquals("ready", out.readLine(), "the child JVM started: " + command);
    return child;
  }

  private static final Predicate<Frame> SPIN_METHOD =
      f -> f.kind() == Frame.Kind.JAVA_COMPILED && f.name().contains("stackSpinQx7");

  /**
   * The first user stack of {@code pid} with a compiled {@code stackSpinQx7} frame. The methods
   * are compiled after some thousands of calls; each round reads what came since the last.
   */
  private static StackTrace spinningStack(BpfModule module, int pid) throws Exception {
    List<StackTrace> last = List.of();
    for (int round = 0; round < 100; round++) {
      Thread.sleep(200);
      last = stacks(module, pid).stream().map(s -> s[1]).filter(StackTrace::present).toList();
      for (StackTrace stack : last) {
        if (stack.frames().stream().anyMatch(SPIN_METHOD)) {
          return stack;
        }
      }
      module.table("seen", Key.class, Long.class).clear();
    }
    throw new AssertionError("no stackSpinQx7 frame in the last stacks: " + last);
  }

  @Test
  void aChildJvmsUserStackNamesItsJavaMethodThroughThePerfMap() throws Exception {
    Process child = javaChild(List.of());
    int pid = (int) child.pid();
    try (BpfModule module = traceProcess(pid)) {
      StackTrace found = spinningStack(module, pid);
      assertTrue(!found.partial(), "the JVM preserves frame pointers: " + found.reason());
      Frame frame = found.frames().stream().filter(SPIN_METHOD).findFirst().orElseThrow();
      assertEquals("[jit]", frame.module());
      assertTrue(
          frame.name().matches("long io\\.ebpf4j\\.runtime\\.JavaSpinChild\\.stackSpinQx7\\w+\\(int\\)"),
          frame.name());
      assertTrue(Files.exists(Path.of("/tmp/perf-" + pid + ".map")), "the symbolizer asked for it");
    } finally {
      child.destroyForcibly().waitFor();
      Files.deleteIfExists(Path.of("/tmp/perf-" + pid + ".map"));
    }
  }

  @Test
  void aJvmWithAnotherTmpIsReadThroughItsRootAndAMissingMapIsNamed() throws Exception {
    // Its own mount namespace and /tmp, as in a container: the perf map is not in our /tmp.
    Process child =
        javaChild(
            List.of(
                "unshare", "-m", "--propagation", "private", "sh", "-c",
                // The test classes may themselves be under /tmp (a clone there): they are set
                // aside on /mnt, in this namespace only, and put back inside the new /tmp.
                "mount --bind \"$1\" /mnt && mount -t tmpfs ebpf4j-tmp /tmp"
                    + " && mkdir -p \"$1\" && mount --bind /mnt \"$1\" && shift && exec \"$@\"",
                "sh", testClasses().toString()));
    int pid = (int) child.pid();
    try (BpfModule module = traceProcess(pid);
        Symbolizer passive = Symbolizer.passive()) {
      StackTrace found = spinningStack(module, pid);
      Frame frame = found.frames().stream().filter(SPIN_METHOD).findFirst().orElseThrow();
      assertTrue(
          Files.exists(Path.of("/proc/" + pid + "/root/tmp/perf-" + pid + ".map")),
          "jcmd reached the JVM, which wrote the map into its own /tmp");
      assertFalse(Files.exists(Path.of("/tmp/perf-" + pid + ".map")));

      // Before any map, a symbolizer that does not ask says where it looked and why.
      Files.delete(Path.of("/proc/" + pid + "/root/tmp/perf-" + pid + ".map"));
      Frame unnamed = passive.userFrame(pid, frame.address());
      assertEquals(Frame.Kind.UNKNOWN, unnamed.kind());
      assertTrue(unnamed.note().contains("another mount namespace"), unnamed.note());
      assertTrue(unnamed.note().contains("jcmd " + pid + " Compiler.perfmap"), unnamed.note());
    } finally {
      child.destroyForcibly().waitFor();
    }
  }
}
