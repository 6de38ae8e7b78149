package io.ebpf4j.bench;

import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A start as a restarted tool pays it: in a fresh JVM, {@code ProbeRuntime.start} of {@link
 * GetppidProbes} (one tracepoint, {@code syscalls:sys_enter_getppid}) until it is attached, and
 * the process's resident memory then. {@code bench/run.sh} runs it cold (the cache off), then
 * with the program cache filled, and bench/start_bcc.py does the same with bcc-Python on the
 * same generated C. It prints one line:
 *
 * <pre>
 * impl=ebpf4j-cold start_ms=.. first_start_ms=.. once_ms=.. link_ms=.. other_once_ms=..
 *     classes_first=.. classes_second=.. rss_mb=.. rss_before_mb=..
 * </pre>
 *
 * <p>{@code first_start_ms} is the JVM's first start, which also links native code (libc's and,
 * when it compiles, libbcc's downcalls) and loads ebpf4j's classes once; {@code start_ms} is a
 * second start in the same JVM, which pays only the start itself, and {@code start_cpu_ms} the
 * CPU time the whole process (JIT and collector threads too) spent during it, which the other
 * load on a shared machine moves much less than the wall time; {@code once_ms} is their
 * difference, the one-time cost, split into {@code link_ms}, the first start's native linking as
 * the runtime clocks it (making downcall handles, loading libbcc), and {@code other_once_ms},
 * the rest (class loading and initialization, first runs in the interpreter). {@code
 * classes_first} and {@code classes_second} are the classes each start loaded. {@code
 * rss_mb} is {@code VmRSS} while the first session is attached, {@code rss_before_mb} before
 * it, {@code rss_anon_mb}, {@code rss_file_mb}, {@code rss_shmem_mb} its parts, and {@code
 * rss_bpf_maps_mb} what of it is BPF maps mapped into the process (the events ring buffer), from
 * {@code /proc/self/smaps}. The cache is whatever {@code -Debpf4j.cache} says.
 *
 * <p>Usage: {@code StartTimeBench --impl NAME [--starts 1|2]}, as root.
 */
public final class StartTimeBench {
  /** The first line of a mapping in {@code /proc/self/smaps}: its address range. */
  private static final java.util.regex.Pattern MAPPING =
      java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

  private StartTimeBench() {}

  public static void main(String[] args) throws Exception {
    String impl = "ebpf4j";
    int starts = 2;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--impl") && i + 1 < args.length) {
        impl = args[++i];
      } else if (args[i].equals("--starts") && i + 1 < args.length) {
        starts = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: StartTimeBench --impl NAME [--starts 1|2]");
        System.exit(2);
      }
    }
    double rssBefore = rssMegabytes();
    java.lang.management.ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    long classesBefore = classes.getTotalLoadedClassCount();
    double rss;
    String rssParts;
    long begin = System.nanoTime();
    double first;
    try (ProbeSession session = ProbeRuntime.start(GetppidProbes.class)) {
      first = (System.nanoTime() - begin) / 1e6;
      rss = rssMegabytes();
      rssParts = rssParts();
    }
    double linkFirst = linkNanos() / 1e6;
    long classesFirst = classes.getTotalLoadedClassCount() - classesBefore;
    if (starts < 2) {
      System.out.printf(
          "impl=%s first_start_ms=%.1f rss_mb=%.1f rss_before_mb=%.1f %s%n", impl, first, rss, rssBefore, rssParts);
      return;
    }
    ProcessCpuClock.nanos(); // links its downcall now, not during the start it measures
    long classesAfterFirst = classes.getTotalLoadedClassCount();
    long cpuBegin = ProcessCpuClock.nanos();
    begin = System.nanoTime();
    double second;
    double secondCpu;
    try (ProbeSession session = ProbeRuntime.start(GetppidProbes.class)) {
      second = (System.nanoTime() - begin) / 1e6;
      secondCpu = (ProcessCpuClock.nanos() - cpuBegin) / 1e6;
    }
    long classesSecond = classes.getTotalLoadedClassCount() - classesAfterFirst;
    System.out.printf(
        "impl=%s start_ms=%.1f start_cpu_ms=%.1f first_start_ms=%.1f once_ms=%.1f link_ms=%.1f other_once_ms=%.1f"
            + " classes_first=%d classes_second=%d rss_mb=%.1f rss_before_mb=%.1f %s%n",
        impl, second, secondCpu, first, first - second, linkFirst, first - second - linkFirst, classesFirst,
        classesSecond, rss, rssBefore, rssParts);
  }

  /**
   * The runtime's clock of its native linking ({@code Downcalls.linkNanos}), which is package-
   * private: this benchmark reads it reflectively, as the runtime is on the class path.
   */
  private static long linkNanos() throws ReflectiveOperationException {
    Method method = Class.forName("io.ebpf4j.runtime.Downcalls").getDeclaredMethod("linkNanos");
    method.setAccessible(true);
    return (long) method.invoke(null);
  }

  /**
   * What {@code VmRSS} is made of ({@code RssAnon}, {@code RssFile}, {@code RssShmem}), in MB,
   * as {@code rss_anon_mb=.. rss_file_mb=.. rss_shmem_mb=..}.
   */
  static String rssParts() throws IOException {
    StringBuilder parts = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      for (String part : new String[] {"RssAnon", "RssFile", "RssShmem"}) {
        if (line.startsWith(part + ":")) {
          parts.append(parts.isEmpty() ? "" : " ")
              .append("rss_").append(part.substring(3).toLowerCase()).append("_mb=")
              .append(String.format("%.1f", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0));
        }
      }
    }
    return parts.append(String.format(" rss_bpf_maps_mb=%.1f", bpfMapKilobytes() / 1024.0))
        .toString();
  }

  /**
   * The resident kilobytes of this process's mappings of BPF maps ({@code anon_inode:bpf-map} in
   * {@code /proc/self/smaps}): the kernel's pages of the ring buffer, counted once per mapping.
   */
  static long bpfMapKilobytes() throws IOException {
    long kilobytes = 0;
    boolean inMap = false;
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (MAPPING.matcher(line).lookingAt()) {
        inMap = line.endsWith("anon_inode:bpf-map");
      } else if (inMap && line.startsWith("Rss:")) {
        kilobytes += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return kilobytes;
  }

  /** This process's {@code VmRSS}, in MB. */
  static double rssMegabytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}
