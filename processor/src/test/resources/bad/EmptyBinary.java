package com.example;

import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;

public class EmptyBinary {
  @Uprobe(binary = "", symbol = "getpid")
  void onCall(UprobeEvent e) {}
}
