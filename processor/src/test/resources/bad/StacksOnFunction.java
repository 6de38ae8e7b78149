package com.example;

import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Stack;

public class StacksOnFunction {
  record Connect(long sk) {}

  @Kprobe(function = "tcp_v4_connect", stacks = Stack.KERNEL)
  void onConnect(KernelCall<Connect> call) {}
}
