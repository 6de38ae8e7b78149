package com.example;

import io.ebpf4j.api.Hotspot;

public class HotspotWrongParameter {
  @Hotspot("gc__begin")
  void onGc(String e) {}
}
