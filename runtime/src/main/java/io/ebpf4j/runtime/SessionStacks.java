package io.ebpf4j.runtime;

import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.api.internal.StackSource;
import java.util.concurrent.atomic.LongAdder;

/**
 * The stacks of a session whose program has probes with {@code stacks}: its stack map, the
 * symbolizer that resolves them, and the count of stacks the kernel could not store. Resolution
 * may come from any thread that holds a record, so it is serialized here, and ends when the
 * session releases its module: later resolutions say the session closed.
 */
final class SessionStacks implements StackSource {
  private final StackTraceTable table;
  private final Symbolizer symbolizer;
  private final LongAdder lost = new LongAdder();
  private boolean closed;

  private SessionStacks(StackTraceTable table, Symbolizer symbolizer) {
    this.table = table;
    this.symbolizer = symbolizer;
  }

  /** The stacks of {@code module}, or null if its program declares no stack map. */
  static SessionStacks of(BpfModule module) {
    if (!module.tableNames().contains(ProgramConventions.STACKS_MAP)) {
      return null;
    }
    return new SessionStacks(
        module.stackTraceTable(ProgramConventions.STACKS_MAP), Symbolizer.create());
  }

  /** Counts the ids that are {@code get_stackid}'s errors; the decoder calls it per event. */
  @Override
  public EventStacks stacks(int pid, int kernelStackId, int userStackId) {
    if (lostId(kernelStackId) || lostId(userStackId)) {
      lost.add((lostId(kernelStackId) ? 1 : 0) + (lostId(userStackId) ? 1 : 0));
    }
    return new EventStacks(this, pid, kernelStackId, userStackId);
  }

  private static boolean lostId(int stackId) {
    return stackId < 0 && stackId != EventStacks.NOT_REQUESTED;
  }

  @Override
  public synchronized StackTrace kernel(int stackId) {
    if (closed) {
      return closedNone();
    }
    return table.kernelStack(stackId, symbolizer);
  }

  @Override
  public synchronized StackTrace user(int pid, int stackId) {
    if (closed) {
      return closedNone();
    }
    return table.userStack(pid, stackId, symbolizer);
  }

  private static StackTrace closedNone() {
    return StackTrace.none(
        "the session was closed before this stack was resolved: call kernelStack() or"
            + " userStack() while it runs, in the handler for instance");
  }

  /** The stacks lost so far: map full, hash collisions, no user stack. */
  long lost() {
    return lost.sum();
  }

  /** Ends resolution; before the module closes. */
  synchronized void close() {
    if (!closed) {
      closed = true;
      symbolizer.close();
    }
  }
}
