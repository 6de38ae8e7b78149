package com.example;

import io.ebpf4j.api.Kprobe;

public class NoDefaultConstructor {
  private final String name;

  public NoDefaultConstructor(String name) {
    this.name = name;
  }

  @Kprobe("close")
  void onClose(CloseEvent e) {
    System.out.println(name);
  }
}
