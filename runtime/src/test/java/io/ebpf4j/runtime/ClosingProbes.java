package io.ebpf4j.runtime;

import io.ebpf4j.api.Kprobe;
import java.util.concurrent.CountDownLatch;

/** Closes its own session from the handler, on this process's first bind. */
public class ClosingProbes {
  volatile ProbeSession session;
  final CountDownLatch closed = new CountDownLatch(1);

  @Kprobe("bind")
  void onBind(BindEvent e) {
    ProbeSession s = session;
    if (e.pid() == NetProbes.PID && s != null) {
      s.close();
      closed.countDown();
    }
  }
}
