package io.ebpf4j.examples;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) as a child process: it scrapes one
 * target on 127.0.0.1 every second, keeps its data in a temporary directory, listens on a free
 * port of 127.0.0.1, and is stopped and removed by {@link #close}.
 */
final class PrometheusServer implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/prometheus");

  /** One sample of an instant vector: its labels and its value. */
  record Sample(Map<String, String> labels, double value) {}

  private static final Pattern RESULT =
      Pattern.compile("\\{\"metric\":\\{([^}]*)\\},\"value\":\\[[^,]+,\"([^\"]+)\"\\]\\}");
  private static final Pattern LABEL = Pattern.compile("\"([^\"]+)\":\"([^\"]*)\"");

  private final Path dir;
  private final Process process;
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Path dir, Process process, URI base) {
    this.dir = dir;
    this.process = process;
    this.base = base;
  }

  /** Starts Prometheus scraping {@code http://127.0.0.1:<targetPort>/metrics}, and waits for it. */
  static PrometheusServer start(int targetPort) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("ebpf4j-prometheus-");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: ebpf4j
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(targetPort));
    int port = freePort();
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(dir, process, URI.create("http://127.0.0.1:" + port));
    try {
      server.awaitReady(log);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Waits on {@code /-/ready}: Prometheus takes a while to open its storage. */
  private void awaitReady(Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited " + process.exitValue() + ":\n"
            + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(
            HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("prometheus was not ready within 60 s:\n" + Files.readString(log));
  }

  /** The instant vector of {@code promql} now, over {@code /api/v1/query}. */
  List<Sample> query(String promql) throws IOException, InterruptedException {
    URI uri = base.resolve(
        "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || !r.body().contains("\"status\":\"success\"")) {
      throw new AssertionError("query " + promql + " failed: " + r.statusCode() + " " + r.body());
    }
    List<Sample> samples = new ArrayList<>();
    Matcher m = RESULT.matcher(r.body());
    while (m.find()) {
      Map<String, String> labels = new LinkedHashMap<>();
      Matcher l = LABEL.matcher(m.group(1));
      while (l.find()) {
        labels.put(l.group(1), l.group(2));
      }
      samples.add(new Sample(labels, Double.parseDouble(m.group(2))));
    }
    return samples;
  }

  /**
   * The vector of {@code promql} once it equals {@code expected} (by the value of label {@code
   * by}), or the last one seen after 60 s: Prometheus scrapes once a second, so the test waits
   * for the scrape after its workload, and then compares.
   */
  Map<String, Double> await(String promql, String by, Map<String, Double> expected)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Map<String, Double> last;
    do {
      last = new LinkedHashMap<>();
      for (Sample s : query(promql)) {
        last.put(s.labels().getOrDefault(by, ""), s.value());
      }
      if (last.equals(expected)) {
        return last;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    return last;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
