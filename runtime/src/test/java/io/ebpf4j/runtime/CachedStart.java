package io.ebpf4j.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * A program that counts each process's {@code getsid} calls in a map, and reads its own count
 * back, started through a {@link ProgramCache}: the same source and cflags in every process: what each child JVM of {@link ProgramCacheKernelTest} runs.
 * It prints {@code counted <n> from-cache <true|false> compiler-mapped <true|false>}, the last
 * whether libbcc or LLVM is in its {@code /proc/self/maps}.
 */
final class CachedStart {
  static final String SOURCE =
      """
      BPF_HASH(calls, u32, u64, MAX_PROCESSES);
      BPF_RINGBUF_OUTPUT(events, 8);
      int on_getsid(void *ctx) {
        u32 tgid = bpf_get_current_pid_tgid() >> 32;
        u64 one = 1;
        u64 *count = calls.lookup(&tgid);
        if (count) {
          __sync_fetch_and_add(count, 1);
        } else {
          calls.update(&tgid, &one);
        }
        u32 *event = events.ringbuf_reserve(sizeof(u32));
        if (event) {
          *event = tgid;
          events.ringbuf_submit(event, 0);
        }
        return 0;
      }
      """;

  static final int CALLS = 5;

  private CachedStart() {}

  /** Starts, makes {@link #CALLS} calls, and returns how many the map counted. */
  static long run(BpfModule module) {
    module.attachTracepoint("on_getsid", "syscalls:sys_enter_getsid");
    for (int i = 0; i < CALLS; i++) {
      NativeSupport.getsid();
    }
    int pid = (int) ProcessHandle.current().pid();
    return module.table("calls", Integer.class, Long.class).get(pid).orElse(0L);
  }

  static final List<String> CFLAGS = List.of("-DMAX_PROCESSES=1024");

  static Platform platform(ProgramCache cache) {
    return new Platform(KernelFacts.host(), Libc.get(), SyscallBcc::host, () -> cache);
  }

  /** Whether this process has mapped libbcc or LLVM. */
  static boolean compilerMapped() {
    try {
      return java.nio.file.Files.readAllLines(Path.of("/proc/self/maps")).stream()
          .anyMatch(line -> line.contains("libbcc") || line.contains("libLLVM"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code args[0]}: the cache's directory. */
  public static void main(String[] args) {
    ProgramCache cache =
        new ProgramCache(Path.of(args[0]), ProgramCache.DEFAULT_MAX_BYTES, CompileEnvironment::host);
    try (BpfModule module = BpfModule.compile("the cached start", SOURCE, CFLAGS, platform(cache))) {
      System.out.println(
          "counted " + run(module) + " from-cache " + module.fromCache() + " compiler-mapped " + compilerMapped());
    }
  }
}
