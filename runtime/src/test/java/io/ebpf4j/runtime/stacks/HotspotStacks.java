package io.ebpf4j.runtime.stacks;

import io.ebpf4j.api.Hotspot;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The JVM's {@code thread__start} with the user stack of the starting thread, for {@code
 * ProbeStacksKernelTest}; the handler resolves it while the session runs, when the thread may
 * still be alive.
 */
public class HotspotStacks {
  /** A thread's name and its user stack at the start. */
  public record Seen(String threadName, StackTrace user) {}

  public final List<Seen> starts = new CopyOnWriteArrayList<>();

  @Hotspot(value = "thread__start", stacks = Stack.USER)
  void onStart(ThreadStartEvent e) {
    starts.add(new Seen(e.threadName(), e.userStack()));
  }
}
