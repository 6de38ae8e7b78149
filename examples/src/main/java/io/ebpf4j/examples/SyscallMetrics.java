package io.ebpf4j.examples;

import com.sun.net.httpserver.HttpServer;
import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.Stats;
import io.ebpf4j.metrics.SessionMetrics;
import io.ebpf4j.micrometer.EbpfMeterBinder;
import io.ebpf4j.runtime.ProbeRuntime;
import io.ebpf4j.runtime.ProbeSession;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serves system-call metrics counted in the kernel on {@code /metrics}, for Prometheus to scrape:
 * getppid(2) calls by command, and the sizes read(2) returned by command, as a histogram with
 * power-of-two buckets and as count, sum, min and max. Nothing is sent to Java per call; each scrape reads the kernel's maps.
 *
 * <pre>
 * scripts/run-example.sh SyscallMetrics [--port 9435] [--duration 10s]
 * curl -s 127.0.0.1:9435/metrics | grep getppid
 * getppid_calls_total{comm="java"} 12.0
 * </pre>
 */
public class SyscallMetrics {

  /** The port served unless {@code --port} says otherwise. */
  static final int DEFAULT_PORT = 9435;

  @Kprobe("getppid")
  @Aggregate(value = Aggregate.Kind.COUNT, by = "comm")
  void getppidCalls(Map<GetppidByComm, Long> counts) {}

  @Kretprobe("read")
  @Aggregate(value = Aggregate.Kind.LOG2_HISTOGRAM, of = "ret", by = "comm")
  void readBytes(Map<ReadReturnByComm, Histogram> sizes) {}

  @Kretprobe("read")
  @Aggregate(value = Aggregate.Kind.STATS, of = "ret", by = "comm")
  void readReturns(Map<ReadReturnByComm, Stats> returns) {}

  /** What {@code /metrics} shows of {@code session}: the three aggregates and its own figures. */
  static SessionMetrics metrics(ProbeSession session) {
    return SessionMetrics.builder(session)
        .counter("getppidCalls", "getppid_calls", "getppid(2) calls, by command")
        .log2Histogram("readBytes", "read_bytes", "Bytes read(2) returned, by command")
        .stats("readReturns", "read_returns", "read(2) returns and their bytes, by command")
        .topKeys(20)
        .build();
  }

  /**
   * Serves {@code session}'s metrics on {@code http://127.0.0.1:<port>/metrics} (port 0: any
   * free one) until the returned server is stopped.
   */
  static HttpServer serve(ProbeSession session, int port) throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new EbpfMeterBinder(metrics(session)).bindTo(registry);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        byte[] body;
        int status = 200;
        try {
          body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
          // A scrape that fails (the session closed under it) says why, and the server goes on.
          status = 500;
          body = ("scrape failed: " + e + "\n").getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    return server;
  }

  public static void main(String[] args) throws Exception {
    int port = parsePort(args);
    Runner.run(args, () -> {
      ProbeSession session = ProbeRuntime.start(new SyscallMetrics());
      HttpServer server = serve(session, port);
      System.out.println("serving http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
      return () -> {
        server.stop(0);
        session.close();
      };
    });
  }

  /** {@code --port 9435} or {@code --port=9435}; {@link #DEFAULT_PORT} if absent. */
  static int parsePort(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String value = null;
      if (args[i].equals("--port") && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith("--port=")) {
        value = args[i].substring("--port=".length());
      }
      if (value != null) {
        try {
          int port = Integer.parseInt(value);
          if (port >= 0 && port <= 65535) {
            return port;
          }
        } catch (NumberFormatException e) {
          // the message below
        }
        throw new IllegalArgumentException(
            "--port takes a TCP port from 0 to 65535, like 9435; got `" + value + "`");
      }
    }
    return DEFAULT_PORT;
  }
}
