package io.ebpf4j.micrometer;

import io.ebpf4j.metrics.SessionFigure;
import io.ebpf4j.metrics.SessionMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;

/**
 * Binds a session's metrics to a Micrometer registry.
 *
 * <ul>
 *   <li>The session's own figures ({@link SessionFigure}) become {@link FunctionCounter}s, in any
 *       registry: {@code ebpf4j.events.delivered}, {@code ebpf4j.events.lost} with a {@code
 *       cause} tag, {@code ebpf4j.handler.errors}, {@code ebpf4j.aggregate.keys.dropped}.
 *   <li>The aggregations are registered with the {@link PrometheusMeterRegistry} (the registry
 *       itself, or one inside a {@link CompositeMeterRegistry}) as Prometheus counters,
 *       histograms, and summaries and gauges (stats) read at each scrape, so a key that appears between scrapes is in the next.
 *       Micrometer's own meters cannot carry a histogram the kernel already bucketed; see {@code
 *       AggregateCollector}.
 * </ul>
 */
public final class EbpfMeterBinder implements MeterBinder {

  private final SessionMetrics metrics;

  /** A binder of {@code metrics}. */
  public EbpfMeterBinder(SessionMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * @throws IllegalArgumentException if there are aggregations to export and {@code registry}
   *     is no {@link PrometheusMeterRegistry} nor holds one
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Optional<PrometheusMeterRegistry> prometheus = prometheus(registry);
    if (!metrics.specs().isEmpty() && prometheus.isEmpty()) {
      throw new IllegalArgumentException(
          "ebpf4j's aggregations are exported through a PrometheusMeterRegistry, and "
              + registry.getClass().getSimpleName() + " holds none: add one (micrometer-registry-"
              + "prometheus), or push them with ebpf4j-opentelemetry's EbpfMetricProducer");
    }
    List<SessionFigure> figures = metrics.figures();
    for (int i = 0; i < figures.size(); i++) {
      SessionFigure f = figures.get(i);
      int index = i; // the figures keep their order, so each counter reads its own
      // Micrometer holds a FunctionCounter's object weakly; the function, which the registry
      // holds, captures the metrics so that they live as long as the counter.
      FunctionCounter.Builder<SessionMetrics> b =
          FunctionCounter.builder(
                  f.name().replace('_', '.'), metrics,
                  unused -> metrics.figures().get(index).value())
              .description(f.help());
      if (!f.cause().isEmpty()) {
        b.tag(SessionFigure.CAUSE, f.cause());
      }
      b.register(registry);
    }
    prometheus.ifPresent(
        p -> p.getPrometheusRegistry().register(new AggregateCollector(metrics)));
  }

  private static Optional<PrometheusMeterRegistry> prometheus(MeterRegistry registry) {
    if (registry instanceof PrometheusMeterRegistry p) {
      return Optional.of(p);
    }
    if (registry instanceof CompositeMeterRegistry c) {
      for (MeterRegistry r : c.getRegistries()) {
        Optional<PrometheusMeterRegistry> found = prometheus(r);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
