package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.KernelReturn;
import io.ebpf4j.api.Kretprobe;

public class AggregateOnFunction {
  @Kretprobe(function = "tcp_v4_connect")
  @Aggregate(Aggregate.Kind.COUNT)
  void connects(long count) {}
}
