package com.example;

import io.ebpf4j.api.Kprobe;

public class LocalClass {
  void start() {
    class Probes {
      @Kprobe("bind")
      void onBind(BindEvent e) {}
    }
  }
}
