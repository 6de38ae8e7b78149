package com.example;

import io.ebpf4j.api.Kprobe;

public interface InterfaceHandler {
  @Kprobe("bind")
  default void onBind(BindEvent e) {}
}
