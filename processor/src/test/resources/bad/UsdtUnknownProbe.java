package com.example;

import io.ebpf4j.api.Hotspot;

public class UsdtUnknownProbe {
  @Hotspot("gc__begn")
  void onGc(GcBegnEvent e) {}
}
