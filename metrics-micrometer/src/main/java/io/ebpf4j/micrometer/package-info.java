/**
 * A Micrometer {@link io.micrometer.core.instrument.binder.MeterBinder} for a {@link
 * io.ebpf4j.runtime.ProbeSession}: {@link io.ebpf4j.micrometer.EbpfMeterBinder}.
 */
package io.ebpf4j.micrometer;
