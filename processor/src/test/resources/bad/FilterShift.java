package com.example;

import io.ebpf4j.api.Uretprobe;
import io.ebpf4j.api.UretprobeEvent;

public class FilterShift {
  @Uretprobe(binary = "c", symbol = "getpid", filter = "(ret >> 64) == 0")
  void onReturn(UretprobeEvent e) {}
}
