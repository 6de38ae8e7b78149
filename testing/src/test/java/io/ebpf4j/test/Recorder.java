package io.ebpf4j.test;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.Tracepoint;
import java.util.ArrayList;
import java.util.List;

/** A user's handler class: it keeps what it is given, and refuses one file descriptor. */
public class Recorder {
  final List<Object> seen = new ArrayList<>();

  @Kprobe("bind")
  void onBind(BindEvent e) {
    if (e.fd() == -1) {
      throw new IllegalStateException("fd -1");
    }
    seen.add(e);
  }

  @Kretprobe(value = "openat", withEntry = true)
  void onOpen(OpenatCallEvent e) {
    seen.add(e);
  }

  @Tracepoint("sched:sched_process_exec")
  void onExec(SchedProcessExecEvent e) {
    seen.add(e);
  }

  @Tracepoint("sched:sched_process_exec")
  void onExecAgain(SchedProcessExecEvent e) {
    seen.add("again " + e.filename());
  }
}
