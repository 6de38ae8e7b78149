package com.example;

import io.ebpf4j.api.Kprobe;

public class TwoParameters {
  @Kprobe("bind")
  void onBind(BindEvent e, int extra) {}
}
