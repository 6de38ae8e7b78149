package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Kretprobe;

public class AggregateUnknownValue {
  @Kretprobe(value = "read", withEntry = true)
  @Aggregate(value = Aggregate.Kind.LOG2_HISTOGRAM,
      of = "latencyNanso")
  void latency(Histogram h) {}
}
