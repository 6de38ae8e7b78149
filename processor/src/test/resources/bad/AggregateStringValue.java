package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kprobe;

public class AggregateStringValue {
  @Kprobe("openat")
  @Aggregate(value = Aggregate.Kind.SUM,
      of = "filename")
  void names(long sum) {}
}
