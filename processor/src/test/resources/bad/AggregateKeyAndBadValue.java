package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kprobe;
import java.util.Map;

public class AggregateKeyAndBadValue {
  @Kprobe("openat")
  @Aggregate(value = Aggregate.Kind.SUM, by = "comm",
      of = "filename")
  void perComm(Map<OpenatByComm, Long> sums) {}
}
