package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kprobe;
import java.util.Map;

public class AggregateWithoutProbe {
  @Kprobe("bind")
  void onBind(BindEvent e) {}

  @Aggregate(Aggregate.Kind.COUNT)
  void total(long count) {}
}
