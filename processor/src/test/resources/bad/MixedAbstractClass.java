package com.example;

import io.ebpf4j.api.Tracepoint;
import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;

public abstract class MixedAbstractClass {
  @Tracepoint("sched:sched_process_exec")
  void onExec(SchedProcessExecEvent e) {}

  @Uprobe(binary = "c", symbol = "getpid")
  void onCall(UprobeEvent e) {}
}
