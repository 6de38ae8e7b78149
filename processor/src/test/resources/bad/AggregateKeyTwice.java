package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kprobe;
import java.util.Map;

public class AggregateKeyTwice {
  @Kprobe("getppid")
  @Aggregate(value = Aggregate.Kind.COUNT, by = {"comm",
      "comm"})
  void perComm(Map<GetppidByComm, Long> counts) {}
}
