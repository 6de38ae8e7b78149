package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of what bcc built, on the kernel: a second start loads without clang and works as
 * the first did; a change to anything the key covers misses; a damaged entry is compiled again;
 * two processes starting the same program at once both work.
 */
@RequiresKernel
class ProgramCacheKernelTest {
  @TempDir Path directory;

  private ProgramCache cache() {
    return new ProgramCache(directory, ProgramCache.DEFAULT_MAX_BYTES, CompileEnvironment::host);
  }

  private static BpfModule start(ProgramCache cache, String source, List<String> cflags) {
    return BpfModule.compile("the cached start", source, cflags, CachedStart.platform(cache));
  }

  @Test
  void secondStartLoadsFromTheCacheAndWorksTheSame() {
    List<String> before = NativeSupport.bpfDescriptors();
    ProgramCache cache = cache();
    Libbcc.TableInfo cold;
    try (BpfModule module = start(cache, CachedStart.SOURCE, CachedStart.CFLAGS)) {
      assertFalse(module.fromCache());
      assertEquals(CachedStart.CALLS, CachedStart.run(module));
      cold = module.tableInfo("calls").orElseThrow();
    }
    assertEquals(1, cache.stores());
    try (BpfModule module = start(cache, CachedStart.SOURCE, CachedStart.CFLAGS)) {
      assertTrue(module.fromCache());
      assertEquals(List.of("calls", "events"), module.tableNames().stream().sorted().toList());
      assertEquals(CachedStart.CALLS, CachedStart.run(module));
      Libbcc.TableInfo hit = module.tableInfo("calls").orElseThrow();
      assertEquals(
          List.of(cold.type(), cold.keySize(), cold.leafSize(), cold.maxEntries(), cold.keyDesc(), cold.leafDesc()),
          List.of(hit.type(), hit.keySize(), hit.leafSize(), hit.maxEntries(), hit.keyDesc(), hit.leafDesc()));
    }
    assertEquals(1, cache.hits());
    assertEquals(before, NativeSupport.bpfDescriptors(), "BPF descriptors left after close");
  }

  /**
   * A process whose program comes from the cache never maps libbcc, and so neither LLVM: it is
   * asked in a new JVM, as this one linked libbcc to check the machine.
   */
  @Test
  void aHitNeverMapsLibbccNorLlvm() throws Exception {
    startAndRun(cache(), CachedStart.SOURCE, CachedStart.CFLAGS, false);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CachedStart.class.getName(),
                directory.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish in 120 s");
    String output = new String(child.getInputStream().readAllBytes());
    assertEquals(0, child.exitValue(), output);
    assertTrue(
        output.contains("counted " + CachedStart.CALLS + " from-cache true compiler-mapped false"),
        output);
  }

  @Test
  void changedSourceCflagsOrHeadersMiss() {
    ProgramCache cache = cache();
    startAndRun(cache, CachedStart.SOURCE, CachedStart.CFLAGS, false);
    startAndRun(cache, CachedStart.SOURCE + "// changed\n", CachedStart.CFLAGS, false);
    startAndRun(cache, CachedStart.SOURCE, List.of("-DMAX_PROCESSES=2048"), false);
    CompileEnvironment host = CompileEnvironment.host();
    ProgramCache otherHeaders =
        new ProgramCache(
            directory,
            ProgramCache.DEFAULT_MAX_BYTES,
            () ->
                new CompileEnvironment(
                    host.kernelRelease(), host.headers() + " reinstalled", host.libbcc(), host.possibleCpus()));
    startAndRun(otherHeaders, CachedStart.SOURCE, CachedStart.CFLAGS, false);
    assertEquals(0, cache.hits() + otherHeaders.hits());
    startAndRun(cache, CachedStart.SOURCE, CachedStart.CFLAGS, true);
  }

  @Test
  void flippedByteIsRejectedAndCompiledAgain() throws IOException {
    ProgramCache cache = cache();
    startAndRun(cache, CachedStart.SOURCE, CachedStart.CFLAGS, false);
    Path entry = cache.file(cache.key(CachedStart.SOURCE, CachedStart.CFLAGS));
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(entry, bytes);
    startAndRun(cache, CachedStart.SOURCE, CachedStart.CFLAGS, false);
    assertEquals(1, cache.rejections());
    startAndRun(cache, CachedStart.SOURCE, CachedStart.CFLAGS, true);
  }

  @Test
  void truncatedEntryIsRejectedAndCompiledAgain() throws IOException {
    ProgramCache cache = cache();
    startAndRun(cache, CachedStart.SOURCE, CachedStart.CFLAGS, false);
    Path entry = cache.file(cache.key(CachedStart.SOURCE, CachedStart.CFLAGS));
    byte[] bytes = Files.readAllBytes(entry);
    Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    startAndRun(cache, CachedStart.SOURCE, CachedStart.CFLAGS, false);
    assertEquals(1, cache.rejections());
    startAndRun(cache, CachedStart.SOURCE, CachedStart.CFLAGS, true);
  }

  @Test
  void twoJvmsStartingTheSameProgramAtOnceBothWork() throws Exception {
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      children.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CachedStart.class.getName(),
                  directory.toString())
              .redirectErrorStream(true)
              .start());
    }
    for (Process child : children) {
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "a child JVM did not finish in 120 s");
      String output = new String(child.getInputStream().readAllBytes());
      assertEquals(0, child.exitValue(), output);
      assertTrue(output.contains("counted " + CachedStart.CALLS + " from-cache"), output);
    }
    // Both stored, or one found the other's: either way one sound entry is left.
    try (var files = Files.list(directory)) {
      assertEquals(
          1, files.filter(f -> f.toString().endsWith(".bpfcache")).count(), "entries in " + directory);
    }
    startAndRun(cache(), CachedStart.SOURCE, CachedStart.CFLAGS, true);
  }

  private static void startAndRun(
      ProgramCache cache, String source, List<String> cflags, boolean expectHit) {
    try (BpfModule module = start(cache, source, cflags)) {
      assertEquals(expectHit, module.fromCache(), expectHit ? "expected a hit" : "expected a miss");
      assertEquals(CachedStart.CALLS, CachedStart.run(module));
    }
  }
}
