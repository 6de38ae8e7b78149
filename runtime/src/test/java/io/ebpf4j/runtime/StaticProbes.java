package io.ebpf4j.runtime;

import io.ebpf4j.api.Kprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Started with {@code ProbeRuntime.start(StaticProbes.class)}: state lives in a static. */
public class StaticProbes {
  static final BlockingQueue<BindEvent> BINDS = new LinkedBlockingQueue<>();

  @Kprobe("bind")
  void onBind(BindEvent e) {
    if (e.pid() == NetProbes.PID) {
      BINDS.add(e);
    }
  }
}
