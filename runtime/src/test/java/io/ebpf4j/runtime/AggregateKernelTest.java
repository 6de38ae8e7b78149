package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code @Aggregate} on a real kernel: the counts and every bucket of a histogram agree exactly
 * with bpftrace's {@code count()} and {@code hist()} over the same calls, keys that find no room
 * are counted, and streaming and aggregating probes of one class see the same events.
 */
@RequiresKernel
class AggregateKernelTest {

  /** The comm of the workload thread, which keys both tracers' aggregates. */
  static final String LOAD = "agg-load";

  /** getppid(2) counted by comm, read(2)'s return in log2 buckets by comm, and getppid streamed. */
  static class AggregateProbes {
    final AtomicLong streamed = new AtomicLong();

    @Kprobe("getppid")
    @Aggregate(value = Aggregate.Kind.COUNT, by = "comm")
    void perComm(Map<GetppidByComm, Long> counts) {}

    @Kretprobe("read")
    @Aggregate(value = Aggregate.Kind.LOG2_HISTOGRAM, of = "ret", by = "comm")
    void readSizes(Map<ReadReturnByComm, Histogram> histograms) {}

    @Kretprobe("read")
    @Aggregate(value = Aggregate.Kind.LINEAR_HISTOGRAM, of = "ret", by = "comm", min = 0,
        max = 4096, step = 1024)
    void readSizesLinear(Map<ReadReturnByComm, Histogram> histograms) {}

    @Kprobe("getppid")
    void onGetppid(GetppidEvent e) {
      if (e.comm().equals(LOAD)) {
        streamed.incrementAndGet();
      }
    }
  }

  /** getppid(2) by thread in a map of two keys, every 50 ms and with each read reset. */
  static class SmallMapProbes {
    final List<Long> intervals = new CopyOnWriteArrayList<>();

    @Kprobe("getppid")
    @Aggregate(value = Aggregate.Kind.COUNT, by = "tid", maxKeys = 2)
    void perThread(Map<GetppidByTid, Long> counts) {}

    @Kprobe("getppid")
    @Aggregate(value = Aggregate.Kind.COUNT, intervalMillis = 50, reset = true)
    void recent(long count) {
      intervals.add(count);
    }
  }

  /** The sizes the workload reads from /dev/zero, each {@code i + 1} times; 0 and -EBADF too. */
  static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 100, 1000, 4096, 65536};

  static final int GETPPIDS = 10_000;

  @Test
  void countsAndEveryHistogramBucketAgreeWithBpftrace() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    boolean installed = Files.isExecutable(Path.of("/usr/bin/bpftrace"));
    if (ci) {
      assertTrue(installed, "bpftrace is missing: run scripts/setup.sh, which installs it");
    }
    Assumptions.assumeTrue(installed, "bpftrace is missing: run scripts/setup.sh");
    long pid = ProcessHandle.current().pid();
    AggregateProbes probes = new AggregateProbes();
    ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(pid));
    String bpftraceOut;
    try (session) {
      Process bpftrace =
          new ProcessBuilder(
                  "/usr/bin/bpftrace", "-B", "none", "-f", "json", "-e",
                  // BEGIN runs once every probe is attached; "attached_probes" comes before.
                  "BEGIN { printf(\"ready\\n\"); }"
                      + " tracepoint:syscalls:sys_enter_getppid /pid == " + pid + "/ {"
                      + " @c[comm] = count(); }"
                      + " tracepoint:syscalls:sys_exit_read /pid == " + pid + "/ {"
                      + " @h[comm] = hist(args->ret);"
                      + " @l[comm] = lhist(args->ret, 0, 4096, 1024); }")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(bpftrace.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder all = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null && !line.contains("ready")) {
        all.append(line).append('\n');
      }
      assertTrue(line != null, "bpftrace ended before it attached:\n" + all);
      Thread load = Thread.ofPlatform().name(LOAD).start(AggregateKernelTest::workload);
      load.join();
      new ProcessBuilder("kill", "-INT", Long.toString(bpftrace.pid())).start().waitFor();
      while ((line = out.readLine()) != null) {
        all.append(line).append('\n');
      }
      assertTrue(bpftrace.waitFor(60, TimeUnit.SECONDS), "bpftrace did not stop");
      bpftraceOut = all.toString();
    }

    long bpftraceCount = bpftraceCount(bpftraceOut);
    Map<GetppidByComm, Long> counts = session.counts("perComm", GetppidByComm.class);
    Histogram histogram =
        session.histograms("readSizes", ReadReturnByComm.class).get(new ReadReturnByComm(LOAD));
    System.out.printf("[measured] bpftrace count %d, ebpf4j %s%n%s", bpftraceCount, counts,
        histogram);
    assertEquals(GETPPIDS, bpftraceCount, "bpftrace saw every call:\n" + bpftraceOut);
    assertEquals(bpftraceCount, counts.get(new GetppidByComm(LOAD)));
    assertEquals(GETPPIDS, probes.streamed.get(), "the streaming probe saw the same calls");
    assertEquals(bpftraceBuckets(bpftraceOut, "@h"), buckets(histogram), bpftraceOut);
    Histogram linear =
        session.histograms("readSizesLinear", ReadReturnByComm.class)
            .get(new ReadReturnByComm(LOAD));
    System.out.print(linear);
    assertEquals(bpftraceBuckets(bpftraceOut, "@l"), buckets(linear), bpftraceOut);
    assertEquals(expectedReads(), histogram.count());
    assertEquals(0, session.stats().aggregateKeysDropped());
  }

  @Test
  void keysThatFindNoRoomAreCountedAndResetReadsGiveWhatIsNew() throws Exception {
    SmallMapProbes probes = new SmallMapProbes();
    ProbeSession session =
        ProbeRuntime.start(
            probes, ProbeOptions.defaults().withOnlyProcess(ProcessHandle.current().pid()));
    int threads = 4;
    int calls = 1_000;
    try (session) {
      for (int t = 0; t < threads; t++) {
        Thread.ofPlatform().name("agg-thread-" + t).start(() -> getppids(calls)).join();
      }
      // Wait for an interval delivery after the calls, then one more read resets to nothing new.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (probes.intervals.stream().mapToLong(Long::longValue).sum()
              < (long) threads * calls
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    SessionStats stats = session.stats();
    Map<GetppidByTid, Long> perThread = session.counts("perThread", GetppidByTid.class);
    long counted = perThread.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("[measured] %s, dropped %d%n", perThread, stats.aggregateKeysDropped());
    assertEquals(2, perThread.size(), "the map holds two keys");
    assertEquals((long) threads * calls, counted + stats.aggregateKeysDropped(),
        "every call is counted or counted as dropped: " + stats);
    long sumOfIntervals =
        probes.intervals.stream().mapToLong(Long::longValue).sum();
    assertEquals((long) threads * calls, sumOfIntervals,
        "each reset read gives only what is new, and close delivers the rest");
    assertFalse(probes.intervals.isEmpty());
  }

  /** getppid x {@link #GETPPIDS}; then the reads of {@link #SIZES} and three of a bad fd. */
  static void workload() {
    getppids(GETPPIDS);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(65536);
      int fd = (int) Native.OPEN.invokeExact(arena.allocateFrom("/dev/zero"), 0);
      for (int i = 0; i < SIZES.length; i++) {
        for (int j = 0; j <= i; j++) {
          long n = (long) Native.READ.invokeExact(fd, buffer, (long) SIZES[i]);
        }
      }
      for (int j = 0; j < 3; j++) {
        long n = (long) Native.READ.invokeExact(-1, buffer, 1L);
      }
      int rc = (int) Native.CLOSE.invokeExact(fd);
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  static long expectedReads() {
    long n = 3;
    for (int i = 0; i < SIZES.length; i++) {
      n += i + 1;
    }
    return n;
  }

  static void getppids(int n) {
    try {
      for (int i = 0; i < n; i++) {
        int ppid = (int) Native.GETPPID.invokeExact();
      }
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  /** libc's calls, made directly, so that each is exactly one system call. */
  private static final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final MethodHandle GETPPID = handle("getppid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    static final MethodHandle OPEN =
        handle("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
            ValueLayout.JAVA_INT));
    static final MethodHandle READ =
        handle("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    static final MethodHandle CLOSE =
        handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
      return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }
  }

  private static long bpftraceCount(String out) {
    Matcher m = Pattern.compile("\"@c\": \\{[^}]*\"" + LOAD + "\": (\\d+)").matcher(out);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** bpftrace's non-empty buckets of {@link #LOAD}, by their lowest value (-1 for negatives). */
  private static Map<Long, Long> bpftraceBuckets(String out, String map) {
    // Each histogram is a line of its own; the key's buckets are the list after its name.
    String line = out.lines().filter(l -> l.contains("\"" + map + "\"")).findFirst().orElse("");
    Matcher key = Pattern.compile("\"" + LOAD + "\": \\[([^\\]]*)\\]").matcher(line);
    Map<Long, Long> buckets = new TreeMap<>();
    if (!key.find()) {
      return buckets;
    }
    Matcher b =
        Pattern.compile("\\{(?:\"min\": (-?\\d+), )?(?:\"max\": (-?\\d+), )?\"count\": (\\d+)\\}")
            .matcher(key.group(1));
    while (b.find()) {
      long count = Long.parseLong(b.group(3));
      if (count > 0) {
        buckets.put(b.group(1) == null ? -1 : Long.parseLong(b.group(1)), count);
      }
    }
    return buckets;
  }

  private static Map<Long, Long> buckets(Histogram histogram) {
    Map<Long, Long> buckets = new TreeMap<>();
    for (Histogram.Bucket b : histogram.buckets()) {
      if (b.count() > 0) {
        buckets.put(b.low() == Long.MIN_VALUE ? -1 : b.low(), b.count());
      }
    }
    return buckets;
  }
}
