package com.example;

import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;

public class BadPid {
  @Uprobe(binary = "c", symbol = "getpid", pid = 0)
  void onCall(UprobeEvent e) {}
}
