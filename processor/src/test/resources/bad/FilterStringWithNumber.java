package com.example;

import io.ebpf4j.api.Tracepoint;

public class FilterStringWithNumber {
  @Tracepoint(value = "sched:sched_process_exec", filter = "filename == 1")
  void onExec(SchedProcessExecEvent e) {}
}
