package io.ebpf4j.runtime.stacks;

import io.ebpf4j.api.Hotspot;
import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The JVM's {@code thread__start} and {@code class__loaded} with the user stack of the thread,
 * for {@code ProbeStacksKernelTest}; the handlers resolve them while the session runs.
 */
public class HotspotStacks {
  /** A thread's name and its user stack at the start. */
  public record Seen(String threadName, StackTrace user) {}

  public final List<Seen> starts = new CopyOnWriteArrayList<>();
  public final List<Seen> loads = new CopyOnWriteArrayList<>();

  @Hotspot(value = "thread__start", stacks = Stack.USER)
  void onStart(ThreadStartEvent e) {
    starts.add(new Seen(e.threadName(), e.userStack()));
  }

  @Hotspot(value = "class__loaded", stacks = Stack.USER)
  void onLoad(ClassLoadedEvent e) {
    if (e.className().startsWith("Loaded_")) {
      loads.add(new Seen(e.className(), e.userStack()));
    }
  }
}
