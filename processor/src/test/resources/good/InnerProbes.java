package com.example;

import io.ebpf4j.api.Kprobe;

public class InnerProbes {
  class Inner {
    @Kprobe("close")
    void onClose(CloseEvent e) {}
  }
}
