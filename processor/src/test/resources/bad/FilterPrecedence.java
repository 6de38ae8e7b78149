package com.example;

import io.ebpf4j.api.Kprobe;

public class FilterPrecedence {
  @Kprobe(value = "openat", filter = "flags & 0x40 != 0")
  void onOpen(OpenatEvent e) {}
}
