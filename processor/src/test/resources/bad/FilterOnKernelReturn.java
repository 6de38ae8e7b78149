package com.example;

import io.ebpf4j.api.KernelReturn;
import io.ebpf4j.api.Kretprobe;

public class FilterOnKernelReturn {
  @Kretprobe(function = "tcp_v4_connect", filter = "!ret")
  void onReturn(KernelReturn r) {}
}
