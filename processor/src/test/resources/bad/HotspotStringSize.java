package com.example;

import io.ebpf4j.api.Hotspot;

public class HotspotStringSize {
  @Hotspot(value = "thread__start", stringSize = 0)
  void onStart(ThreadStartEvent e) {}
}
