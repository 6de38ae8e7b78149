package com.example;

import io.ebpf4j.api.Kprobe;

public class BothValueAndFunction {
  @Kprobe(value = "bind", function = "tcp_v4_connect")
  void onBind(BindEvent e) {}
}
