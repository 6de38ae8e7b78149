package com.example;

import io.ebpf4j.api.Kprobe;

public class NoParameter {
  @Kprobe("bind")
  void onBind() {}
}
