package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kprobes and kretprobes started from the {@link ProgramCache} are attached by {@link SyscallBcc}
 * itself (kprobes on the kernel's kprobe PMU, kretprobes, which have a {@code maxactive}, in
 * {@code kprobe_events}), not by libbcc's fallback, and so a cached start of them never links
 * libbcc. Passing kprobe tests alone would not show it: the fallback makes them pass too. On a
 * kernel without kprobes, the PMU is absent and a cached start of a kernel function's kprobe
 * names the missing option.
 */
@RequiresKernel
class KprobeDirectAttachKernelTest {
  private static final Path KPROBE_PMU = Path.of("/sys/bus/event_source/devices/kprobe");

  @TempDir Path directory;

  private ProgramCache cache() {
    return new ProgramCache(directory, ProgramCache.DEFAULT_MAX_BYTES, CompileEnvironment::host);
  }

  @Test
  void cachedKprobesAttachThroughThePmuAndNeverLinkLibbcc() throws Exception {
    if (!KprobeExpectation.expected()) {
      assertFalse(Files.exists(KPROBE_PMU), KPROBE_PMU + " exists, yet kprobes are not expected");
      ProgramCache cache = cache();
      Platform platform = CachedStart.platform(cache);
      for (int start = 0; start < 2; start++) {
        Ebpf4jException e =
            assertThrows(
                Ebpf4jException.class,
                () ->
                    ProbeSession.start(
                        ProbeRuntime.programFor(KernelFunctionProbes.class),
                        new KernelFunctionProbes(),
                        ProbeOptions.defaults(),
                        platform)
                        .close());
        assertTrue(e.getMessage().contains("CONFIG_KPROBES"), e.getMessage());
      }
      return;
    }
    assertTrue(Files.exists(KPROBE_PMU.resolve("type")), "no kprobe PMU at " + KPROBE_PMU);
    // The cold start fills the cache; it attaches through the same calls a cached one makes.
    assertEquals(
        "kprobes 5 direct 5 refused [] events true hits 0",
        CachedKprobeStart.run(cache()).replaceAll(" compiler-mapped .*", ""));
    // This JVM has linked libbcc: the cached start is watched in a new one.
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath(),
                CachedKprobeStart.class.getName(),
                directory.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(child.waitFor(300, TimeUnit.SECONDS), "the child JVM did not finish in 300 s");
    String output = new String(child.getInputStream().readAllBytes());
    assertEquals(0, child.exitValue(), output);
    assertTrue(
        output.contains("kprobes 5 direct 5 refused [] events true hits 2 compiler-mapped false"),
        output);
  }

  /**
   * This JVM's class path, and the URLs of the loaders that loaded this class: the VM lane's
   * console launcher runs from its own jar and loads the tests through a class loader of its own.
   */
  private static String classPath() throws Exception {
    List<String> entries = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    for (ClassLoader l = KprobeDirectAttachKernelTest.class.getClassLoader(); l != null; l = l.getParent()) {
      if (l instanceof URLClassLoader loader) {
        for (URL url : loader.getURLs()) {
          entries.add(Path.of(url.toURI()).toString());
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
