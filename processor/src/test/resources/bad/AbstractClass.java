package com.example;

import io.ebpf4j.api.Kprobe;

public abstract class AbstractClass {
  @Kprobe("bind")
  void onBind(BindEvent e) {}
}
