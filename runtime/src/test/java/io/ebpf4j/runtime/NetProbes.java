package io.ebpf4j.runtime;

import io.ebpf4j.api.Kprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The issue's own example, kept to this process's binds so that the tests are not disturbed. */
public class NetProbes {
  static final int PID = (int) ProcessHandle.current().pid();

  final BlockingQueue<BindEvent> binds = new LinkedBlockingQueue<>();

  @Kprobe("bind")
  void onBind(BindEvent e) {
    if (e.pid() == PID) {
      binds.add(e);
    }
  }
}
