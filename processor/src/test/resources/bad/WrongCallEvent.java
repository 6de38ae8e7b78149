package com.example;

import io.ebpf4j.api.Kretprobe;

public class WrongCallEvent {
  @Kretprobe(value = "openat", withEntry = true)
  void onOpen(OpenatReturnEvent e) {}
}
