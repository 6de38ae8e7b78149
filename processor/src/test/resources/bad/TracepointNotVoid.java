package com.example;

import io.ebpf4j.api.Tracepoint;

public class TracepointNotVoid {
  @Tracepoint("sched:sched_process_exec")
  boolean onExec(SchedProcessExecEvent e) {
    return true;
  }
}
