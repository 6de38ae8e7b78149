package com.example;

import io.ebpf4j.api.Kprobe;

/** Two methods on the same system call, and one on another: probe ids 0, 1 and 2. */
public class TwoBinds {
  @Kprobe("bind")
  void first(BindEvent e) {}

  @Kprobe("connect")
  public void connect(ConnectEvent e) {}

  @Kprobe("bind")
  protected void second(BindEvent e) throws Exception {}
}
