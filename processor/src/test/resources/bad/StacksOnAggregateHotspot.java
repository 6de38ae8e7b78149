package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Hotspot;
import io.ebpf4j.api.Stack;

public class StacksOnAggregateHotspot {
  @Hotspot(value = "thread__start", stacks = Stack.USER)
  @Aggregate(Aggregate.Kind.COUNT)
  void starts(long count) {}
}
