package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kprobe;
import java.util.Map;

public class AggregateMaxKeys {
  @Kprobe("getppid")
  @Aggregate(value = Aggregate.Kind.COUNT, by = "pid",
      maxKeys = 0)
  void perPid(Map<GetppidByPid, Long> counts) {}
}
