/**
 * A {@link io.ebpf4j.runtime.ProbeSession}'s aggregations and figures as labelled series, with a
 * bounded number of keys per metric: what {@code ebpf4j-micrometer} and {@code
 * ebpf4j-opentelemetry} export. It depends on nothing but the runtime.
 */
package io.ebpf4j.metrics;
