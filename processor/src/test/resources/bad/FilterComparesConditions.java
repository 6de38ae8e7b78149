package com.example;

import io.ebpf4j.api.Kretprobe;

public class FilterComparesConditions {
  @Kretprobe(value = "openat", filter = "(ret < 0) == (ret > -5)")
  void onReturn(OpenatReturnEvent e) {}
}
