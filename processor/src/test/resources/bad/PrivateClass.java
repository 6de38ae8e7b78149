package com.example;

import io.ebpf4j.api.Kprobe;

public class PrivateClass {
  private static class Probes {
    @Kprobe("bind")
    void onBind(BindEvent e) {}
  }
}
