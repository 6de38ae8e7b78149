package io.ebpf4j.api;

/**
 * The call stacks a probe with {@code stacks} captured for one event: the ids {@code
 * bpf_get_stackid} returned in the kernel, resolved to {@link StackTrace}s on the first call of
 * {@link #kernel()} or {@link #user()} and cached. Generated records carry one as their {@code
 * stacks} component and offer {@code kernelStack()} and {@code userStack()}.
 *
 * <p>The stacks live in the session's stack map: resolve them while the session runs (in the
 * handler, typically). Once it is closed, an unresolved stack is {@link StackTrace#none} and
 * says so. Safe to share between threads: a race resolves a stack twice, to equal values.
 */
public final class EventStacks {
  /** The id of a stack the probe does not take. */
  public static final int NOT_REQUESTED = Integer.MIN_VALUE;

  /**
   * What resolves an event's stack ids to frames: the session's stack map and symbolizer. The
   * runtime implements it; a user's code has no need to.
   */
  public interface Resolver {
    /** Kernel stack {@code stackId}, resolved; a negative id is {@link StackTrace#none}. */
    StackTrace kernel(int stackId);

    /** User stack {@code stackId} of process {@code pid}, resolved. */
    StackTrace user(int pid, int stackId);
  }

  /**
   * The stacks of an event whose probe takes none: both say so. Shared, so that an event without
   * stacks costs nothing for them.
   */
  public static final EventStacks NONE = new EventStacks(null, 0, NOT_REQUESTED, NOT_REQUESTED);

  private final Resolver source;
  private final int pid;
  private final int kernelStackId;
  private final int userStackId;
  private StackTrace kernel;
  private StackTrace user;

  /** For generated code and the runtime, which make one per event. */
  public EventStacks(Resolver source, int pid, int kernelStackId, int userStackId) {
    this.source = source;
    this.pid = pid;
    this.kernelStackId = kernelStackId;
    this.userStackId = userStackId;
  }

  /**
   * The kernel stack's id in the stack map, or {@code get_stackid}'s negative error, or {@link
   * #NOT_REQUESTED}. Equal ids are equal stacks, which makes them cheap keys for counting.
   */
  public int kernelStackId() {
    return kernelStackId;
  }

  /** The user stack's id, as {@link #kernelStackId()}. */
  public int userStackId() {
    return userStackId;
  }

  /** The kernel stack, innermost first; {@link StackTrace#none} with the reason if there is none. */
  public StackTrace kernel() {
    StackTrace result = kernel;
    if (result == null) {
      result =
          kernelStackId == NOT_REQUESTED
              ? StackTrace.none(notRequested("KERNEL"))
              : source.kernel(kernelStackId);
      kernel = result;
    }
    return result;
  }

  /** The user stack of the event's process, as {@link #kernel()}. */
  public StackTrace user() {
    StackTrace result = user;
    if (result == null) {
      result =
          userStackId == NOT_REQUESTED
              ? StackTrace.none(notRequested("USER"))
              : source.user(pid, userStackId);
      user = result;
    }
    return result;
  }

  private static String notRequested(String stack) {
    return "the probe does not take this stack: add Stack." + stack + " to its stacks"
        + (stack.equals("KERNEL") ? " (a probe in user space, a uprobe or USDT, has none)" : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventStacks other
        && pid == other.pid
        && kernelStackId == other.kernelStackId
        && userStackId == other.userStackId;
  }

  @Override
  public int hashCode() {
    return (pid * 31 + kernelStackId) * 31 + userStackId;
  }

  @Override
  public String toString() {
    return "EventStacks[kernel=" + id(kernelStackId) + ", user=" + id(userStackId) + "]";
  }

  private static String id(int stackId) {
    return stackId == NOT_REQUESTED ? "-" : Integer.toString(stackId);
  }
}
