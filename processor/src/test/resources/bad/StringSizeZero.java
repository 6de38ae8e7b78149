package com.example;

import io.ebpf4j.api.Tracepoint;

public class StringSizeZero {
  @Tracepoint(value = "sched:sched_process_exec", stringSize = 0)
  void onExec(SchedProcessExecEvent e) {}
}
