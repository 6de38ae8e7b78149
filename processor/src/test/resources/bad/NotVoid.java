package com.example;

import io.ebpf4j.api.Kprobe;

public class NotVoid {
  @Kprobe("bind")
  int onBind(BindEvent e) {
    return 0;
  }
}
