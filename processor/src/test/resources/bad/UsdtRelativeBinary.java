package com.example;

import io.ebpf4j.api.Usdt;

public class UsdtRelativeBinary {
  @Usdt(binary = "libjvm.so", provider = "hotspot", name = "gc__begin")
  void onGc(HotspotGcBeginEvent e) {}
}
