package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Kprobe;
import java.util.Map;

public class AggregateWrongParameter {
  @Kprobe("getppid")
  @Aggregate(value = Aggregate.Kind.COUNT, by = "comm")
  void perComm(Map<GetppidByComm, Histogram> counts) {}
}
