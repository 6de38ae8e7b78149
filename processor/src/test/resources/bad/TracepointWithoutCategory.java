package com.example;

import io.ebpf4j.api.Tracepoint;

public class TracepointWithoutCategory {
  @Tracepoint("sched_process_exec")
  void onExec(SchedProcessExecEvent e) {}
}
