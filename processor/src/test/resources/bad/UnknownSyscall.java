package com.example;

import io.ebpf4j.api.Kprobe;

public class UnknownSyscall {
  @Kprobe("bnid")
  void onBind(BindEvent e) {}
}
