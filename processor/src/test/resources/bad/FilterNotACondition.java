package com.example;

import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;

public class FilterNotACondition {
  @Uprobe(binary = "c", symbol = "getpid", filter = "arg0 & 1")
  void onCall(UprobeEvent e) {}
}
