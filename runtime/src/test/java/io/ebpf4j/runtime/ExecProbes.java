package io.ebpf4j.runtime;

import io.ebpf4j.api.Tracepoint;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** Every exec on the machine, from a tracepoint with a {@code __data_loc} string. */
public class ExecProbes {
  final BlockingQueue<SchedProcessExecEvent> execs = new LinkedBlockingQueue<>();

  @Tracepoint("sched:sched_process_exec")
  void onExec(SchedProcessExecEvent e) {
    execs.add(e);
  }
}
