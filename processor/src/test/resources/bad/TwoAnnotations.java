package com.example;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;

public class TwoAnnotations {
  @Kprobe("bind")
  @Kretprobe("bind")
  void onBind(BindEvent e) {}
}
