package com.example;

import io.ebpf4j.api.Tracepoint;

public class ExecProbes {
  @Tracepoint("sched:sched_process_exec")
  void onExec(SchedProcessExecEvent e) {
    System.out.println(e.pidField() + " " + e.filename());
  }
}
