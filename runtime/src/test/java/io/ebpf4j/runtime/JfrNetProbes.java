package io.ebpf4j.runtime;

import io.ebpf4j.api.JfrEvents;
import io.ebpf4j.api.Kprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** {@link NetProbes} with its events also recorded by the JDK Flight Recorder. */
@JfrEvents
public class JfrNetProbes {
  final BlockingQueue<BindEvent> binds = new LinkedBlockingQueue<>();

  @Kprobe("bind")
  void onBind(BindEvent e) {
    if (e.pid() == NetProbes.PID) {
      binds.add(e);
    }
  }
}
