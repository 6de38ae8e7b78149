package com.example;

import io.ebpf4j.api.Kprobe;

public class WrongParameter {
  @Kprobe("bind")
  void onBind(
      ConnectEvent e) {}
}
