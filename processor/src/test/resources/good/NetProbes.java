package com.example;

import io.ebpf4j.api.Kprobe;

public class NetProbes {
  @Kprobe("bind")
  void onBind(BindEvent e) {
    System.out.println(e.comm() + " " + e.pid() + " fd=" + e.fd());
  }
}
