package com.example;

import io.ebpf4j.api.Kprobe;

public class PrivateMethod {
  @Kprobe("bind")
  private void onBind(BindEvent e) {}
}
