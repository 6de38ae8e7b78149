package io.ebpf4j.runtime.stacks;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.api.Tracepoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Probes that take stacks, for {@code StacksKernelTest}, in a package of their own: the other
 * tests' {@code GetppidEvent} has no stacks. Each handler resolves its event's
 * stacks while the session runs, as the record allows, and keeps them.
 */
public class StackProbes {
  /** The kernel and user stack of each getppid() entry, with the event's ids. */
  public record Seen(StackTrace kernel, StackTrace user, int kernelId, int userId) {}

  public final List<Seen> getppid = new CopyOnWriteArrayList<>();
  public final List<StackTrace> forks = new CopyOnWriteArrayList<>();
  public final List<GetppidEvent> events = new CopyOnWriteArrayList<>();

  @Kprobe(value = "getppid", stacks = {Stack.KERNEL, Stack.USER})
  void onGetppid(GetppidEvent e) {
    events.add(e);
    getppid.add(
        new Seen(
            e.kernelStack(),
            e.userStack(),
            e.stacks().kernelStackId(),
            e.stacks().userStackId()));
  }

  @Tracepoint(value = "sched:sched_process_fork", stacks = Stack.KERNEL)
  void onFork(SchedProcessForkEvent e) {
    forks.add(e.kernelStack());
  }
}
