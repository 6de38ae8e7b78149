package com.example;

import io.ebpf4j.api.Kprobe;

public class FilterStringTooLong {
  @Kprobe(value = "openat", stringSize = 8, filter = "filename == \"/etc/passwd\"")
  void onOpen(OpenatEvent e) {}
}
