package io.ebpf4j.runtime;

import io.ebpf4j.api.Kretprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** openat(2) as a whole call (entry arguments, return value, latency) and as a bare return. */
public class FileProbes {
  final BlockingQueue<OpenatCallEvent> calls = new LinkedBlockingQueue<>();
  final BlockingQueue<OpenatReturnEvent> returns = new LinkedBlockingQueue<>();

  @Kretprobe(value = "openat", withEntry = true)
  void onCall(OpenatCallEvent e) {
    if (e.pid() == NetProbes.PID) {
      calls.add(e);
    }
  }

  @Kretprobe("openat")
  void onReturn(OpenatReturnEvent e) {
    if (e.pid() == NetProbes.PID) {
      returns.add(e);
    }
  }
}
