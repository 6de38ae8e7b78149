package com.example;

import io.ebpf4j.api.Kprobe;

public class SixArguments {
  @Kprobe("sendto")
  void onSendto(SendtoEvent e) {}

  @Kprobe("mmap")
  void onMmap(MmapEvent e) {}

  @Kprobe("openat")
  void onOpenat(OpenatEvent e) {}

  @Kprobe("getpid")
  void onGetpid(GetpidEvent e) {}
}
