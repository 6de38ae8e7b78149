package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Kretprobe;

public class AggregateLinearBounds {
  @Kretprobe("read")
  @Aggregate(value = Aggregate.Kind.LINEAR_HISTOGRAM, of = "ret", min = 0, max = 100,
      step = 0)
  void sizes(Histogram h) {}
}
