package com.example;

import io.ebpf4j.api.Kretprobe;

public class FilterUnknownField {
  @Kretprobe(value = "openat", filter = "ret < O")
  void onReturn(OpenatReturnEvent e) {}
}
