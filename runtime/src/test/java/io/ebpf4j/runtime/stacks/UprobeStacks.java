package io.ebpf4j.runtime.stacks;

import io.ebpf4j.api.Stack;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A uprobe on libc's {@code getppid} that takes the user stack, for {@code ProbeStacksKernelTest};
 * the handler resolves them while the session runs.
 */
public class UprobeStacks {
  /** The stacks of one call. */
  public record Seen(StackTrace user, int kernelStackId) {}

  public final List<Seen> calls = new CopyOnWriteArrayList<>();

  @Uprobe(binary = "c", symbol = "getppid", stacks = Stack.USER)
  void onGetppid(UprobeEvent e) {
    calls.add(new Seen(e.userStack(), e.stacks().kernelStackId()));
  }
}
