package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kretprobe;

public class AggregateNoValue {
  @Kretprobe("read")
  @Aggregate(Aggregate.Kind.SUM)
  void bytes(long sum) {}
}
