package com.example;

import io.ebpf4j.api.Kretprobe;

public class OpenSnoop {
  @Kretprobe(value = "openat", withEntry = true)
  void onOpen(OpenatCallEvent e) {
    System.out.println(e.comm() + " " + e.filename() + " " + e.ret());
  }
}
