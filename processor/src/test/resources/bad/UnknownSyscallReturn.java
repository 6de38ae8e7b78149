package com.example;

import io.ebpf4j.api.Kretprobe;

public class UnknownSyscallReturn {
  @Kretprobe(value = "opnat", withEntry = true)
  void onOpen(OpnatCallEvent e) {}
}
