package io.ebpf4j.runtime.stacks;

import io.ebpf4j.api.Stack;
import io.ebpf4j.api.Tracepoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps its fork events without resolving their stacks, to resolve them after the session. */
public class UnresolvedForks {
  public final List<SchedProcessForkEvent> forks = new CopyOnWriteArrayList<>();

  @Tracepoint(value = "sched:sched_process_fork", stacks = Stack.KERNEL)
  void onFork(SchedProcessForkEvent e) {
    forks.add(e);
  }
}
