package com.example;

import io.ebpf4j.api.Hotspot;

public class HotspotRelativeBinary {
  @Hotspot(value = "gc__begin", binary = "lib/server/libjvm.so")
  void onGc(GcBeginEvent e) {}
}
