package com.example;

import io.ebpf4j.api.Kretprobe;

public class FilterStringLessThan {
  @Kretprobe(value = "openat", withEntry = true, filter = "comm < \"java\"")
  void onCall(OpenatCallEvent e) {}
}
