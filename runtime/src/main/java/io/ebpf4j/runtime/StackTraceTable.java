package io.ebpf4j.runtime;

import io.ebpf4j.api.StackTrace;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@code BPF_STACK_TRACE} map of a {@link BpfModule}, opened by {@link
 * BpfModule#stackTraceTable(String)}: the stacks that {@code map.get_stackid(ctx, flags)} stored,
 * each under the id it returned, as instruction addresses from the innermost frame out. {@link
 * #kernelStack} and {@link #userStack} resolve them through a {@link Symbolizer}.
 *
 * <p>Valid while its module is open; after, every call throws {@link IllegalStateException}. Not
 * thread-safe.
 */
public final class StackTraceTable {
  private final MapAccess map;

  StackTraceTable(MapAccess map) {
    this.map = map;
  }

  /** The map's name in the C source. */
  public String name() {
    return map.name();
  }

  /** The most frames a stack holds: the value size over 8 ({@code PERF_MAX_STACK_DEPTH}). */
  public int maxDepth() {
    return (int) (map.valueSize() / Long.BYTES);
  }

  /**
   * The frames of stack {@code stackId}, innermost first; empty if there is no such stack.
   *
   * @throws IllegalArgumentException if {@code stackId} is negative: {@code get_stackid}'s error
   *     ({@code -EFAULT}: no stack; {@code -EEXIST}: a hash collision without {@code
   *     BPF_F_REUSE_STACKID}; {@code -ENOMEM}: the map is full)
   */
  public List<Long> get(int stackId) {
    if (stackId < 0) {
      throw new IllegalArgumentException(
          "stack id "
              + stackId
              + " is get_stackid's error -"
              + -stackId
              + " ("
              + Libc.get().strerror(-stackId)
              + "), not a stack: check it in the C before storing it");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      key.set(ValueLayout.JAVA_INT, 0, stackId);
      MemorySegment frames = arena.allocate(map.valueSize(), 8);
      if (!map.lookup(key, frames)) {
        return List.of();
      }
      // The kernel zeroes the slots past the stack's depth.
      List<Long> result = new ArrayList<>();
      for (int i = 0; i < maxDepth(); i++) {
        long address = frames.getAtIndex(ValueLayout.JAVA_LONG, i);
        if (address == 0) {
          break;
        }
        result.add(address);
      }
      return Collections.unmodifiableList(result);
    }
  }

  /**
   * The addresses of stack {@code stackId}, innermost first; empty if there is no such stack or
   * {@code stackId} is negative. The array is the caller's.
   */
  public long[] addresses(int stackId) {
    if (stackId < 0) {
      return new long[0];
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      key.set(ValueLayout.JAVA_INT, 0, stackId);
      MemorySegment frames = arena.allocate(map.valueSize(), 8);
      if (!map.lookup(key, frames)) {
        return new long[0];
      }
      int depth = 0;
      while (depth < maxDepth() && frames.getAtIndex(ValueLayout.JAVA_LONG, depth) != 0) {
        depth++;
      }
      long[] addresses = new long[depth];
      MemorySegment.copy(frames, ValueLayout.JAVA_LONG, 0, addresses, 0, depth);
      return addresses;
    }
  }

  /**
   * Kernel stack {@code stackId}, resolved by {@code symbolizer}. A negative id ({@code
   * get_stackid}'s error) or one no longer in the map gives {@link StackTrace#none} with the
   * reason; a stack as deep as {@link #maxDepth()} is {@linkplain StackTrace#partial() partial}.
   */
  public StackTrace kernelStack(int stackId, Symbolizer symbolizer) {
    return resolve(stackId, false, addresses -> symbolizer.kernel(addresses));
  }

  /** User stack {@code stackId} of process {@code pid}, as {@link #kernelStack} does it. */
  public StackTrace userStack(int pid, int stackId, Symbolizer symbolizer) {
    return resolve(stackId, true, addresses -> symbolizer.user(pid, addresses));
  }

  private StackTrace resolve(
      int stackId, boolean user, java.util.function.Function<long[], StackTrace> symbolize) {
    if (stackId < 0) {
      return StackTrace.none(StackErrors.whyNone(stackId, user));
    }
    long[] addresses = addresses(stackId);
    if (addresses.length == 0) {
      return StackTrace.none("stack " + stackId + " is not in map " + name() + " (deleted?)");
    }
    StackTrace stack = symbolize.apply(addresses);
    return addresses.length == maxDepth()
        ? stack.markedPartial(
            "the stack reached the map's depth of " + maxDepth() + " frames: outer ones are cut")
        : stack;
  }

  /** The ids of the stacks stored. */
  public List<Integer> stackIds() {
    try (Arena arena = Arena.ofConfined()) {
      List<Integer> ids = new ArrayList<>();
      for (MemorySegment key : map.keys(arena)) {
        ids.add(key.get(ValueLayout.JAVA_INT, 0));
      }
      return Collections.unmodifiableList(ids);
    }
  }

  /** Deletes stack {@code stackId}; false if there was none. */
  public boolean delete(int stackId) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      key.set(ValueLayout.JAVA_INT, 0, stackId);
      return map.delete(key);
    }
  }

  /** Deletes every stack. */
  public void clear() {
    map.clear();
  }
}
