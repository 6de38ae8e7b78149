package com.example;

import io.ebpf4j.api.Kprobe;

public class StringSizeTooLarge {
  @Kprobe(value = "openat", stringSize = 8192)
  void onOpen(OpenatEvent e) {}
}
