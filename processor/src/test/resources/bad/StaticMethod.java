package com.example;

import io.ebpf4j.api.Kprobe;

public class StaticMethod {
  @Kprobe("bind")
  static void onBind(BindEvent e) {}
}
