package com.example;

import io.ebpf4j.api.Kprobe;

public class Outer {
  static class Inner {
    @Kprobe("close")
    void onClose(CloseEvent e) {}
  }
}
