package com.example;

import io.ebpf4j.api.Kprobe;
import java.util.ArrayList;
import java.util.List;

/** Records what it is given, for the dispatch test. */
public class Recorder {
  public final List<Object> events = new ArrayList<>();

  @Kprobe("bind")
  void onBind(BindEvent e) {
    events.add(e);
  }

  @Kprobe("kill")
  void onKill(KillEvent e) {
    events.add(e);
  }
}
