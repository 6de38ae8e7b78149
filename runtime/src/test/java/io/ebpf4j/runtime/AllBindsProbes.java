package io.ebpf4j.runtime;

import io.ebpf4j.api.Kprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Records every bind it is given, from any process. */
public class AllBindsProbes {
  final BlockingQueue<BindEvent> binds = new LinkedBlockingQueue<>();

  @Kprobe("bind")
  void onBind(BindEvent e) {
    binds.add(e);
  }
}
