package com.example;

import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;

public class UprobeNotVoid {
  @Uprobe(binary = "c", symbol = "getpid")
  long onCall(UprobeEvent e) {
    return 0;
  }
}
