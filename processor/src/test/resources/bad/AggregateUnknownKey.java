package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kprobe;
import java.util.Map;

public class AggregateUnknownKey {
  @Kprobe("getppid")
  @Aggregate(value = Aggregate.Kind.COUNT,
      by = "cmm")
  void perComm(Map<GetppidByCmm, Long> counts) {}
}
