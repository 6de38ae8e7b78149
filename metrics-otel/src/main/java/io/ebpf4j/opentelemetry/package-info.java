/**
 * An OpenTelemetry {@link io.opentelemetry.sdk.metrics.export.MetricProducer} for a {@link
 * io.ebpf4j.runtime.ProbeSession}: {@link io.ebpf4j.opentelemetry.EbpfMetricProducer}.
 */
package io.ebpf4j.opentelemetry;
