package com.example;

import io.ebpf4j.api.Kprobe;

public class KillProbes {
  @Kprobe("kill")
  void onKill(KillEvent e) {
    System.out.println(e.pid() + " kills " + e.pidArg() + " with " + e.sig());
  }
}
