package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kretprobe;

public class AggregateCountWithValue {
  @Kretprobe("read")
  @Aggregate(value = Aggregate.Kind.COUNT,
      of = "ret")
  void reads(long count) {}
}
