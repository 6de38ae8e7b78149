package io.ebpf4j.bench;

import io.ebpf4j.runtime.ProbeOptions;
import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ebpf4j side of {@code bench/run.sh}: runs the load generator once through {@link
 * GetppidProbes} with the default options (only the process filter set) and prints one line,
 *
 * <pre>
 * impl=ebpf4j produced=.. delivered=.. lost=.. consumer_cpu_ns_per_event=.. consumer_cpu_ms=..
 *     producer_ns_per_call=.. rate_per_s=.. threads=.. attach_ms=.. [diagnostics]
 * </pre>
 *
 * <p>The protocol is {@code bench/bcc_baseline.py}'s: start the load generator, read its {@code
 * ready pid=P}, start the probe filtered to P, release the generator with one byte, and wait
 * until it has exited and every event is delivered or counted lost. {@code
 * consumer_cpu_ns_per_event} is this whole process's CPU time ({@link ProcessCpuClock}) from the
 * release until everything is delivered, over the delivered events: JVM start, the BPF compile and
 * the attach are outside that window, as they are outside bcc-Python's. The rate, for information
 * only, is delivered events over the time from the release to the last delivery.
 *
 * <p>Usage: {@code ThroughputBench --loadgen PATH [-n N] [--threads T] [--ring-pages P] [--warmup
 * W]}; {@code --threads} is the load generator's. It
 * runs two passes in one JVM, each with its own session: first W calls (default N) on a cold JVM,
 * printed as {@code impl=ebpf4j-cold}, then the N calls the ratios are computed from, printed as
 * {@code impl=ebpf4j}: the steady state of a tracer that has been running, as JMH measures after
 * its warm-up. {@code --warmup 0} runs the cold pass only, printed as {@code impl=ebpf4j}.
 */
public final class ThroughputBench {
  /**
   * How often this main thread looks at the delivered count. Its wakeups are counted in the
   * consumer's CPU time; at 10 ms they are a few hundredths of it.
   */
  private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long RUN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(300);
  private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private ThroughputBench() {}

  public static void main(String[] args) throws Exception {
    String loadgen = null;
    long n = 1_000_000;
    int ringPages = 0;
    long warmup = -1;
    int threads = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--loadgen" -> loadgen = args[++i];
        case "-n" -> n = Long.parseLong(args[++i]);
        case "--ring-pages" -> ringPages = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (loadgen == null || n <= 0 || threads <= 0) {
      usage("--loadgen PATH is required, and N and T must be positive");
    }
    ProbeOptions options =
        ringPages == 0 ? ProbeOptions.defaults() : ProbeOptions.defaults().withRingBufferPages(ringPages);
    if (warmup < 0) {
      warmup = n;
    }
    if (warmup > 0) {
      print("ebpf4j-cold", run(loadgen, warmup, threads, options));
    }
    print("ebpf4j", run(loadgen, n, threads, options));
  }

  private static void print(String impl, Map<String, Object> fields) {
    StringBuilder out = new StringBuilder("impl=").append(impl);
    fields.forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
    System.out.println(out);
  }

  private static void usage(String problem) {
    System.err.println(
        problem + "\nusage: ThroughputBench --loadgen PATH [-n N] [--threads T] [--ring-pages P]"
            + " [--warmup W]");
    System.exit(2);
  }

  private static Map<String, Object> run(
      String loadgen, long n, int threads, ProbeOptions options)
      throws IOException, InterruptedException {
    Process generator =
        new ProcessBuilder(loadgen, Long.toString(n), "--threads", Integer.toString(threads))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader stdout =
          new BufferedReader(
              new InputStreamReader(generator.getInputStream(), StandardCharsets.US_ASCII));
      Map<String, String> ready = parse(stdout.readLine());
      long pid = Long.parseLong(require(ready, "pid", "the loadgen's ready line"));

      GetppidProbes probes = new GetppidProbes();
      ProbeSession session = ProbeRuntime.start(probes, options.withOnlyProcess(pid));
      long cpu;
      long released;
      long lastDelivery;
      long produced;
      Map<String, String> result;
      try (session) {
        long cpuBefore = ProcessCpuClock.nanos();
        try (OutputStream go = generator.getOutputStream()) {
          released = System.nanoTime();
          go.write('g');
        }
        // Sampled here, not in the handler, so that the handler's cost is the user's own.
        DeliveryClock clock = new DeliveryClock(session, released);
        while (generator.isAlive()) {
          clock.sample();
          if (System.nanoTime() - released > RUN_TIMEOUT_NANOS) {
            throw new IllegalStateException("the loadgen still runs after 300 s");
          }
          TimeUnit.NANOSECONDS.sleep(SAMPLE_NANOS);
        }
        result = parse(stdout.readLine());
        if (generator.waitFor() != 0) {
          throw new IllegalStateException("the loadgen failed: " + generator.exitValue());
        }
        produced = Long.parseLong(require(result, "produced", "the loadgen's result line"));
        long exited = System.nanoTime();
        while (session.deliveredEvents() + session.lostEvents() < produced
            && System.nanoTime() - exited < DRAIN_TIMEOUT_NANOS) {
          clock.sample();
          TimeUnit.NANOSECONDS.sleep(SAMPLE_NANOS);
        }
        clock.sample();
        lastDelivery = clock.lastDelivery;
        // Everything is delivered or lost: the window ends here, as bcc-Python's ends when its
        // buffer is drained, before the detach.
        cpu = ProcessCpuClock.nanos() - cpuBefore;
      } // close() detaches, drains what is left and reads the final lost count
      long delivered = session.deliveredEvents();
      long lost = session.lostEvents();
      double seconds = Math.max(lastDelivery - released, 1) / 1e9;

      Map<String, Object> line = new LinkedHashMap<>();
      line.put("produced", produced);
      line.put("delivered", delivered);
      line.put("lost", lost);
      // lostEvents() reads the kernel's drop counter: user space is told of every loss.
      line.put("lost_reported", lost);
      line.put("consumer_cpu_ns_per_event", delivered > 0 ? Long.toString(cpu / delivered) : "n/a");
      line.put("consumer_cpu_ms", cpu / 1_000_000);
      line.put("producer_ns_per_call", require(result, "ns_per_call", "the loadgen's result line"));
      line.put("rate_per_s", Math.round(delivered / seconds));
      line.put("threads", result.getOrDefault("threads", "1"));
      line.put("attach_ms", session.startupTime().toMillis());
      line.put("handled", probes.events);
      line.put("pid_sum_ok", probes.pidSum == probes.events * pid ? 1 : 0);
      line.put("comm_bytes", probes.commBytes);
      line.put("max_latency_us", probes.maxLatencyNanos / 1000);
      line.put("handler_errors", session.handlerErrors());
      line.put("ring_pages", options.ringBufferPages());
      return line;
    } finally {
      generator.destroyForcibly();
    }
  }

  /** When the delivered count last grew, to the sampling period. */
  private static final class DeliveryClock {
    private final ProbeSession session;
    private long seen;
    long lastDelivery;

    DeliveryClock(ProbeSession session, long start) {
      this.session = session;
      this.lastDelivery = start;
    }

    void sample() {
      long delivered = session.deliveredEvents();
      if (delivered != seen) {
        seen = delivered;
        lastDelivery = System.nanoTime();
      }
    }
  }

  private static Map<String, String> parse(String line) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (line != null) {
      for (String field : line.trim().split("\\s+")) {
        int eq = field.indexOf('=');
        if (eq > 0) {
          fields.put(field.substring(0, eq), field.substring(eq + 1));
        }
      }
    }
    return fields;
  }

  private static String require(Map<String, String> fields, String key, String what) {
    String value = fields.get(key);
    if (value == null) {
      throw new IllegalStateException(what + " has no " + key + "=: " + fields);
    }
    return value;
  }
}
