package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stats;
import io.ebpf4j.metrics.Log2Buckets;
import io.ebpf4j.opentelemetry.EbpfMetricProducer;
import io.ebpf4j.runtime.ProbeOptions;
import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import io.ebpf4j.runtime.RequiresKernel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code SyscallMetrics} on a real kernel: a real Prometheus scrapes its {@code /metrics}, and
 * PromQL over Prometheus's HTTP API gives the counts and log2 buckets the kernel made for this
 * test's own workload; the OpenTelemetry producer gives the same to the SDK's in-memory reader.
 */
@RequiresKernel
class SyscallMetricsKernelTest {

  /** The comm of the workload thread, which keys the aggregates. */
  static final String LOAD = "metrics-load";

  static final int GETPPIDS = 5_000;

  /** Read from /dev/zero, each {@code i + 1} times: slots 2 (1), 8 (64..127), 14 (4096..8191). */
  static final int[] SIZES = {1, 100, 4096};

  @Test
  void prometheusScrapesTheCountsAndBucketsTheKernelMade() throws Exception {
    boolean installed = Files.isExecutable(PrometheusServer.BINARY);
    if ("true".equals(System.getenv("CI"))) {
      assertTrue(installed, "prometheus is missing: run scripts/setup.sh, which installs it");
    }
    Assumptions.assumeTrue(installed, "prometheus is missing: run scripts/setup.sh");
    try (ProbeSession session = start()) {
      HttpServer endpoint = SyscallMetrics.serve(session, 0);
      try (PrometheusServer prometheus =
          PrometheusServer.start(endpoint.getAddress().getPort())) {
        runWorkload();
        long kernel = session.counts("getppidCalls", GetppidByComm.class)
            .get(new GetppidByComm(LOAD));
        Histogram sizes = session.histograms("readBytes", ReadReturnByComm.class)
            .get(new ReadReturnByComm(LOAD));
        Stats returns = (Stats) ((Map<?, ?>) session.aggregate("readReturns"))
            .get(new ReadReturnByComm(LOAD));

        String selector = "{comm=\"" + LOAD + "\"}";
        Map<String, Double> calls = prometheus.await(
            "getppid_calls_total" + selector, "comm", Map.of(LOAD, (double) kernel));
        Map<String, Double> count = prometheus.await(
            "read_bytes_count" + selector, "comm", Map.of(LOAD, (double) sizes.count()));
        Map<String, Double> stats = new TreeMap<>();
        for (String figure : List.of("count", "sum", "min", "max")) {
          // The summary's _count and _sum, then the gauges _min and _max.
          stats.put(figure, prometheus.await("read_returns_" + figure + selector, "comm",
              Map.of(LOAD, (double) figure(returns, figure))).get(LOAD));
        }
        Map<Double, Double> buckets = new TreeMap<>();
        for (PrometheusServer.Sample s : prometheus.query("read_bytes_bucket" + selector)) {
          String le = s.labels().get("le");
          buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
              s.value());
        }
        System.out.printf("[measured] kernel %d getppid calls by %s, Prometheus %s;"
            + " read sizes %s, Prometheus buckets %s; read stats %s, Prometheus %s%n",
            kernel, LOAD, calls, sizes, buckets, returns, stats);

        assertTrue(kernel >= GETPPIDS, "the kernel counted every call: " + kernel);
        assertEquals(Map.of(LOAD, (double) kernel), calls, "PromQL gives the kernel's count");
        assertEquals(Map.of(LOAD, (double) sizes.count()), count);
        assertEquals(cumulative(sizes), buckets, "every le bucket is the kernel's, cumulated");
        assertEquals(expectedSlots(), slots(sizes), "the workload's reads, slot by slot");
        assertEquals(new Stats(6, 1 + 2 * 100 + 3 * 4096, 1, 4096), returns,
            "the workload's reads, counted and added up");
        assertEquals(Map.of("count", 6.0, "sum", 12489.0, "min", 1.0, "max", 4096.0), stats,
            "PromQL gives the kernel's stats: _count and _sum, _min and _max");
      } finally {
        endpoint.stop(0);
      }
    }
  }

  @Test
  void theOpenTelemetryReaderGetsTheCountsAndExponentialBucketsTheKernelMade() throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (ProbeSession session = start();
        SdkMeterProvider provider = SdkMeterProvider.builder()
            .registerMetricReader(reader)
            .registerMetricProducer(new EbpfMetricProducer(SyscallMetrics.metrics(session)))
            .build()) {
      runWorkload();
      long kernel = session.counts("getppidCalls", GetppidByComm.class)
          .get(new GetppidByComm(LOAD));
      Histogram sizes = session.histograms("readBytes", ReadReturnByComm.class)
          .get(new ReadReturnByComm(LOAD));
      Collection<MetricData> collected = reader.collectAllMetrics();
      Attributes load = Attributes.of(AttributeKey.stringKey("comm"), LOAD);
      LongPointData calls = named(collected, "getppid_calls").getLongSumData().getPoints()
          .stream().filter(p -> p.getAttributes().equals(load)).findFirst().orElseThrow();
      ExponentialHistogramPointData h = named(collected, "read_bytes")
          .getExponentialHistogramData().getPoints().stream()
          .filter(p -> p.getAttributes().equals(load)).findFirst().orElseThrow();
      System.out.printf("[measured] kernel %d getppid calls, OTel %d; OTel exponential"
          + " scale %d offset %d counts %s zero %d%n", kernel, calls.getValue(), h.getScale(),
          h.getPositiveBuckets().getOffset(), h.getPositiveBuckets().getBucketCounts(),
          h.getZeroCount());

      assertTrue(kernel >= GETPPIDS, "the kernel counted every call: " + kernel);
      assertEquals(kernel, calls.getValue());
      assertEquals(0, h.getScale());
      Map<Integer, Long> otel = new TreeMap<>();
      List<Long> counts = h.getPositiveBuckets().getBucketCounts();
      for (int i = 0; i < counts.size(); i++) {
        if (counts.get(i) > 0) {
          otel.put(h.getPositiveBuckets().getOffset() + i, counts.get(i));
        }
      }
      Map<Integer, Long> kernelBuckets = new TreeMap<>();
      slots(sizes).forEach((slot, n) -> kernelBuckets.put(Log2Buckets.exponent(slot), n));
      assertEquals(kernelBuckets, otel, "exponential bucket k is the kernel's slot k + 2");
      assertEquals(Map.of(0, 1L, 6, 2L, 12, 3L), otel);
      assertEquals(sizes.count(), h.getCount());
      assertEquals(sizes.sum(), (long) h.getSum());
    }
  }

  private static ProbeSession start() {
    return ProbeRuntime.start(
        new SyscallMetrics(), ProbeOptions.defaults().withOnlyProcess(ProcessHandle.current().pid()));
  }

  /** getppid x {@link #GETPPIDS} and the reads of {@link #SIZES}, on a thread named {@link #LOAD}. */
  private static void runWorkload() throws InterruptedException {
    Thread load = Thread.ofPlatform().name(LOAD).start(() -> {
      try (Arena arena = Arena.ofConfined()) {
        for (int i = 0; i < GETPPIDS; i++) {
          int ppid = (int) Native.GETPPID.invokeExact();
        }
        MemorySegment buffer = arena.allocate(4096);
        int fd = (int) Native.OPEN.invokeExact(arena.allocateFrom("/dev/zero"), 0);
        for (int i = 0; i < SIZES.length; i++) {
          for (int j = 0; j <= i; j++) {
            long n = (long) Native.READ.invokeExact(fd, buffer, (long) SIZES[i]);
          }
        }
        int rc = (int) Native.CLOSE.invokeExact(fd);
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    });
    load.join();
  }

  /** The non-empty slots of a log2 histogram, by slot. */
  private static Map<Integer, Long> slots(Histogram h) {
    Map<Integer, Long> slots = new TreeMap<>();
    for (Histogram.Bucket b : h.buckets()) {
      if (b.count() > 0) {
        int slot = b.low() == Long.MIN_VALUE ? 0
            : b.low() == 0 ? 1 : Long.numberOfTrailingZeros(b.low()) + 2;
        slots.put(slot, b.count());
      }
    }
    return slots;
  }

  private static long figure(Stats s, String figure) {
    return switch (figure) {
      case "count" -> s.count();
      case "sum" -> s.sum();
      case "min" -> s.min();
      default -> s.max();
    };
  }

  private static Map<Integer, Long> expectedSlots() {
    return Map.of(2, 1L, 8, 2L, 14, 3L);
  }

  /** The cumulative count at each {@code le} the exporter writes: the first non-empty slot on. */
  private static Map<Double, Double> cumulative(Histogram h) {
    Map<Integer, Long> slots = slots(h);
    Map<Double, Double> le = new TreeMap<>();
    long total = 0;
    int first = slots.keySet().iterator().next();
    int last = new ArrayList<>(slots.keySet()).getLast();
    for (int slot = first; slot <= last; slot++) {
      total += slots.getOrDefault(slot, 0L);
      le.put((double) Log2Buckets.upperBound(slot), (double) total);
    }
    le.put(Double.POSITIVE_INFINITY, (double) total);
    return le;
  }

  private static MetricData named(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + all));
  }

  /** libc's calls, made directly, so that each is exactly one system call. */
  private static final class Native {
    static final Linker LINKER = Linker.nativeLinker();
    static final MethodHandle GETPPID =
        handle("getppid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    static final MethodHandle OPEN = handle("open",
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    static final MethodHandle READ = handle("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    static final MethodHandle CLOSE =
        handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
      return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }
  }
}
