package com.example;

import io.ebpf4j.api.Tracepoint;

public class UnknownTracepoint {
  @Tracepoint("sched:sched_proces_exec")
  void onExec(SchedProcessExecEvent e) {}
}
