package io.ebpf4j.runtime;

import io.ebpf4j.api.Kprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A handler whose first call for this process throws. */
public class FlakyProbes {
  final AtomicInteger calls = new AtomicInteger();
  final BlockingQueue<BindEvent> afterFailure = new LinkedBlockingQueue<>();

  @Kprobe("bind")
  void onBind(BindEvent e) {
    if (e.pid() != NetProbes.PID) {
      return;
    }
    if (calls.getAndIncrement() == 0) {
      throw new IllegalStateException("the first bind fails on purpose");
    }
    afterFailure.add(e);
  }
}
