package com.example;

import io.ebpf4j.api.JfrEvents;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;

@JfrEvents
public class JfrProbes {
  @Kprobe("bind")
  void onBind(BindEvent e) {}

  @Kretprobe(value = "openat", withEntry = true)
  void onOpen(OpenatCallEvent e) {}
}
