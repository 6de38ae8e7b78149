package com.example;

import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.KernelReturn;

public class WithEntryOnFunction {
  @Kretprobe(function = "tcp_v4_connect", withEntry = true)
  void onReturn(KernelReturn r) {}
}
