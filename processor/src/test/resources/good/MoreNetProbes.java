package com.example;

import io.ebpf4j.api.Kprobe;

public class MoreNetProbes {
  @Kprobe("bind")
  void onBind(BindEvent e) {}
}
