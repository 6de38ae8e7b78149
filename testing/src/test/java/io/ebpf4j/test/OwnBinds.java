package io.ebpf4j.test;

import io.ebpf4j.api.Kprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** This process's binds. */
public class OwnBinds {
  private static final long PID = ProcessHandle.current().pid();
  final BlockingQueue<BindEvent> binds = new LinkedBlockingQueue<>();

  @Kprobe("bind")
  void onBind(BindEvent e) {
    if (e.pid() == PID) {
      binds.add(e);
    }
  }
}
