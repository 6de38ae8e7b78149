package io.ebpf4j.api.internal;

import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.StackTrace;

/**
 * Where the generated decoder of a probe with {@code stacks} gets its events' {@link
 * EventStacks}, and where those resolve their stack ids: the session's stack map and symbolizer.
 * The runtime hands one to {@link ProbeProgram#dispatcherFor(Object, StackSource)}.
 */
public interface StackSource extends EventStacks.Resolver {
  /** A source without a stack map: every stack is missing, and says so. */
  StackSource NONE =
      new StackSource() {
        @Override
        public StackTrace kernel(int stackId) {
          return StackTrace.none("no stack map: this dispatcher was made without stacks");
        }

        @Override
        public StackTrace user(int pid, int stackId) {
          return kernel(stackId);
        }
      };

  /**
   * The stacks of one event, {@link EventStacks#NOT_REQUESTED} for one its probe does not take;
   * called once per event by the decoder. The runtime's source counts negative ids here.
   */
  default EventStacks stacks(int pid, int kernelStackId, int userStackId) {
    return new EventStacks(this, pid, kernelStackId, userStackId);
  }
}
