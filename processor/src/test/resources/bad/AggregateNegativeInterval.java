package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kprobe;

public class AggregateNegativeInterval {
  @Kprobe("getppid")
  @Aggregate(value = Aggregate.Kind.COUNT,
      intervalMillis = -1)
  void total(long count) {}
}
