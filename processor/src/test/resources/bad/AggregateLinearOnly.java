package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Kretprobe;

public class AggregateLinearOnly {
  @Kretprobe("read")
  @Aggregate(value = Aggregate.Kind.LOG2_HISTOGRAM, of = "ret",
      step = 10)
  void sizes(Histogram h) {}
}
