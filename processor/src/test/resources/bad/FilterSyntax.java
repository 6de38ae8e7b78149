package com.example;

import io.ebpf4j.api.Kprobe;

public class FilterSyntax {
  @Kprobe(value = "openat", filter = "(flags & 0x40")
  void onOpen(OpenatEvent e) {}
}
