package io.ebpf4j.runtime;

import io.ebpf4j.api.AttachKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * A system call's kprobe and kretprobes ({@link FileProbes}) and a kernel function's ({@link
 * KernelFunctionProbes}), started through a {@link ProgramCache} on the host's {@link SyscallBcc}:
 * what {@link KprobeDirectAttachKernelTest} runs, once in its own JVM to fill the cache, then in
 * a child JVM that starts from it. It prints one line:
 *
 * <pre>kprobes 5 direct 5 refused [] events true hits 2 compiler-mapped false</pre>
 *
 * <p>{@code direct} counts the probes {@link SyscallBcc} attached itself ({@link
 * SyscallBcc#directProbes}), {@code
 * refused} lists its DEBUG lines for each attach the kernel refused and libbcc made instead.
 */
final class CachedKprobeStart {
  private CachedKprobeStart() {}

  /** Starts both sessions from {@code cache}, opens a file, and says what happened. */
  static String run(ProgramCache cache) throws IOException, InterruptedException {
    Platform platform = CachedStart.platform(cache);
    FileProbes file = new FileProbes();
    KernelFunctionProbes function = new KernelFunctionProbes();
    List<String> refused = Collections.synchronizedList(new ArrayList<>());
    Logger logger = Logger.getLogger(SyscallBcc.class.getName());
    Level before = logger.getLevel();
    Handler handler = refusals(refused);
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    Path opened = Files.createTempFile("ebpf4j-pmu-", ".txt");
    try (ProbeSession syscall = start(FileProbes.class, file, platform);
        ProbeSession kernel = start(KernelFunctionProbes.class, function, platform)) {
      long kprobes =
          kprobes(syscall.attachments()) + kprobes(kernel.attachments());
      int direct = SyscallBcc.host().directProbes().size();
      Files.readAllBytes(opened);
      String target = opened.toString();
      boolean events =
          arrived(file.calls, e -> e.filename().equals(target))
              && arrived(file.returns, e -> e.ret() >= 0)
              && arrived(function.calls, c -> c.args().filename() != 0)
              && arrived(function.returns, r -> r.ret() >= 0);
      return "kprobes " + kprobes + " direct " + direct + " refused " + refused + " events " + events
          + " hits " + cache.hits() + " compiler-mapped " + CachedStart.compilerMapped();
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(before);
      Files.deleteIfExists(opened);
    }
  }

  private static <H> ProbeSession start(Class<H> type, H handler, Platform platform) {
    return ProbeSession.start(ProbeRuntime.programFor(type), handler, ProbeOptions.defaults(), platform);
  }

  private static long kprobes(List<Attachment> attachments) {
    return attachments.stream()
        .filter(a -> a.kind() == AttachKind.KPROBE || a.kind() == AttachKind.KRETPROBE)
        .count();
  }

  /** Whether an event {@code wanted} arrives within 20 s: a bound on a hang, not a timing. */
  private static <T> boolean arrived(BlockingQueue<T> queue, java.util.function.Predicate<T> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      T e = queue.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && wanted.test(e)) {
        return true;
      }
    }
    return false;
  }

  /** Collects {@link SyscallBcc}'s lines saying the kernel refused a direct call. */
  private static Handler refusals(List<String> lines) {
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String line = new java.util.logging.SimpleFormatter().formatMessage(record);
            if (line.contains("the kernel refused")) {
              lines.add(line);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    return handler;
  }

  /** {@code args[0]}: the cache's directory. */
  public static void main(String[] args) throws Exception {
    ProgramCache cache =
        new ProgramCache(Path.of(args[0]), ProgramCache.DEFAULT_MAX_BYTES, CompileEnvironment::host);
    System.out.println(run(cache));
  }
}
