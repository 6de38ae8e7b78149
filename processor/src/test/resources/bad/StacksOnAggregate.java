package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Stack;

public class StacksOnAggregate {
  @Kprobe(value = "getppid", stacks = Stack.USER)
  @Aggregate(Aggregate.Kind.COUNT)
  void calls(long count) {}
}
