package com.example;

import io.ebpf4j.api.Uretprobe;
import io.ebpf4j.api.UprobeEvent;

public class WrongUretprobeEvent {
  @Uretprobe(binary = "c", symbol = "getpid")
  void onReturn(UprobeEvent e) {}
}
