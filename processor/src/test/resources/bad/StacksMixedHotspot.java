package com.example;

import io.ebpf4j.api.Hotspot;
import io.ebpf4j.api.Stack;

public class StacksMixedHotspot {
  @Hotspot("thread__start")
  void onStart(ThreadStartEvent e) {}

  @Hotspot(value = "thread__start", stacks = Stack.USER)
  void onStartToo(ThreadStartEvent e) {}
}
