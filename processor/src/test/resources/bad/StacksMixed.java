package com.example;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Stack;

public class StacksMixed {
  @Kprobe("getppid")
  void plain(GetppidEvent e) {}

  @Kprobe(value = "getppid", stacks = Stack.KERNEL)
  void withStacks(GetppidEvent e) {}
}
