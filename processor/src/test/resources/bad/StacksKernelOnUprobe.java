package com.example;

import io.ebpf4j.api.Stack;
import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;

public class StacksKernelOnUprobe {
  @Uprobe(binary = "c", symbol = "getpid", stacks = {Stack.KERNEL, Stack.USER})
  void onGetpid(UprobeEvent e) {}
}
