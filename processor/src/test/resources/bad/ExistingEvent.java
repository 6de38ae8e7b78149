package com.example;

import io.ebpf4j.api.Kprobe;

public class ExistingEvent {
  @Kprobe("bind")
  void onBind(BindEvent e) {}
}
