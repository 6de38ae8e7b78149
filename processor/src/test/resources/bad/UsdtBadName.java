package com.example;

import io.ebpf4j.api.Usdt;

public class UsdtBadName {
  @Usdt(binary = "/opt/x/libjvm.so", provider = "hotspot", name = "gc begin")
  void onGc(HotspotGcBeginEvent e) {}
}
