package io.ebpf4j.runtime;

import io.ebpf4j.api.UprobeEvent;
import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UretprobeEvent;
import io.ebpf4j.api.Uretprobe;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** libc's getsid, entered and returned, in this process only. */
public class LibcProbes {
  final BlockingQueue<UprobeEvent> calls = new LinkedBlockingQueue<>();
  final BlockingQueue<UretprobeEvent> returns = new LinkedBlockingQueue<>();

  @Uprobe(binary = "c", symbol = "getsid")
  void onCall(UprobeEvent e) {
    if (e.pid() == NetProbes.PID) {
      calls.add(e);
    }
  }

  @Uretprobe(binary = "c", symbol = "getsid")
  void onReturn(UretprobeEvent e) {
    if (e.pid() == NetProbes.PID) {
      returns.add(e);
    }
  }
}
