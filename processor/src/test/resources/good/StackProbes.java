package com.example;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.api.Tracepoint;

public class StackProbes {
  @Kprobe(value = "bind", stacks = {Stack.KERNEL, Stack.USER})
  void onBind(BindEvent e) {
    StackTrace kernel = e.kernelStack();
    StackTrace user = e.userStack();
    int id = e.stacks().kernelStackId();
  }

  @Tracepoint(value = "sched:sched_switch", stacks = Stack.KERNEL)
  void onSwitch(SchedSwitchEvent e) {
    StackTrace kernel = e.kernelStack();
  }

  @Kretprobe(value = "openat", withEntry = true, stacks = Stack.USER)
  void onOpen(OpenatCallEvent e) {
    StackTrace user = e.userStack();
  }
}
