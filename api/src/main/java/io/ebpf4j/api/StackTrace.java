package io.ebpf4j.api;

import java.util.List;
import java.util.Objects;

/**
 * A call stack as the kernel's {@code bpf_get_stackid} captured it, its frames resolved to
 * symbols: innermost (the running function) first, outermost last.
 *
 * <p>A stack is {@link #partial()} when frames may be missing: it filled the stack map's depth,
 * or it crossed code that keeps no frame pointer (JIT-compiled Java in a JVM without {@code
 * -XX:+PreserveFramePointer}). A stack that was not captured at all ({@code get_stackid} failed:
 * an idle CPU has no user stack, the map was full) is {@link #none}: no frames, not {@link
 * #present()}, and {@link #reason()} says why. Immutable.
 */
public final class StackTrace {
  private final List<Frame> frames;
  private final boolean present;
  private final String reason;

  private StackTrace(List<Frame> frames, boolean present, String reason) {
    this.frames = List.copyOf(frames);
    this.present = present;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** A complete stack of {@code frames}, innermost first. */
  public static StackTrace of(List<Frame> frames) {
    return new StackTrace(frames, true, "");
  }

  /** A stack that may lack frames, and why: {@code "the stack is deeper than 127 frames"}. */
  public static StackTrace partial(List<Frame> frames, String reason) {
    if (reason.isEmpty()) {
      throw new IllegalArgumentException("a partial stack needs a reason");
    }
    return new StackTrace(frames, true, reason);
  }

  /** No stack, and why: {@code "no user stack: the CPU was idle"}. */
  public static StackTrace none(String reason) {
    if (reason.isEmpty()) {
      throw new IllegalArgumentException("a missing stack needs a reason");
    }
    return new StackTrace(List.of(), false, reason);
  }

  /** The frames, innermost first; empty when there is no stack. */
  public List<Frame> frames() {
    return frames;
  }

  /** Whether a stack was captured; false for {@link #none}. */
  public boolean present() {
    return present;
  }

  /** Whether frames may be missing: a partial stack, or none at all. */
  public boolean partial() {
    return !reason.isEmpty();
  }

  /** Why the stack is partial or missing; {@code ""} for a complete stack. */
  public String reason() {
    return reason;
  }

  /** The number of frames. */
  public int depth() {
    return frames.size();
  }

  /** Whether a frame's symbol is {@code symbol}. */
  public boolean contains(String symbol) {
    for (Frame frame : frames) {
      if (symbol.equals(frame.symbol())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A copy of this stack marked partial for {@code reason}, or this stack if it is missing or
   * already partial (the first reason is kept).
   */
  public StackTrace markedPartial(String reason) {
    return partial() ? this : partial(frames, reason);
  }

  /** One frame a line, innermost first, then the reason if there is one. */
  @Override
  public String toString() {
    if (!present) {
      return "[no stack: " + reason + "]";
    }
    StringBuilder text = new StringBuilder();
    for (Frame frame : frames) {
      text.append("  ").append(frame).append('\n');
    }
    if (partial()) {
      text.append("  [partial: ").append(reason).append("]\n");
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StackTrace other
        && present == other.present
        && reason.equals(other.reason)
        && frames.equals(other.frames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(frames, present, reason);
  }
}
