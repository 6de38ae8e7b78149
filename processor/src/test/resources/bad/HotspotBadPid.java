package com.example;

import io.ebpf4j.api.Hotspot;

public class HotspotBadPid {
  @Hotspot(value = "gc__begin", pid = 0)
  void onGc(GcBeginEvent e) {}
}
