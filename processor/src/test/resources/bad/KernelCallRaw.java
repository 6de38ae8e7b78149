package com.example;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.UprobeEvent;

public class KernelCallRaw {
  @Kprobe(function = "tcp_v4_connect")
  void onCall(UprobeEvent c) {}
}
