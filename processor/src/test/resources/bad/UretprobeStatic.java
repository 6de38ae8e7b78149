package com.example;

import io.ebpf4j.api.Uretprobe;
import io.ebpf4j.api.UretprobeEvent;

public class UretprobeStatic {
  @Uretprobe(binary = "c", symbol = "getpid")
  static void onReturn(UretprobeEvent e) {}
}
