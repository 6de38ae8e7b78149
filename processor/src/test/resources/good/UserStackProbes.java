package com.example;

import io.ebpf4j.api.Hotspot;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;
import io.ebpf4j.api.Uretprobe;
import io.ebpf4j.api.UretprobeEvent;

public class UserStackProbes {
  @Uprobe(binary = "c", symbol = "getpid", stacks = Stack.USER)
  void onGetpid(UprobeEvent e) {
    StackTrace user = e.userStack();
  }

  @Uprobe(binary = "c", symbol = "getppid")
  void onGetppid(UprobeEvent e) {}

  @Uretprobe(binary = "c", symbol = "getuid", stacks = Stack.USER)
  void onGetuid(UretprobeEvent e) {
    StackTrace user = e.userStack();
  }

  @Hotspot(value = "thread__start", stacks = Stack.USER)
  void onStart(ThreadStartEvent e) {
    StackTrace user = e.userStack();
  }
}
