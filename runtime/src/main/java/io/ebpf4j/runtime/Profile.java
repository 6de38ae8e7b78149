package io.ebpf4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Profiler} counted: its distinct stacks with their samples, most sampled first.
 *
 * @param stacks each distinct (process, kernel stack, user stack), most samples first
 * @param samples every sample counted, the sum over {@code stacks}
 * @param lostStacks samples whose kernel or user stack was not stored (the stack map was full or
 *     two stacks collided in its hash); they are counted under {@code stacks} without that stack
 * @param droppedSamples samples not counted at all because the table of stacks was full
 */
public record Profile(List<ProfiledStack> stacks, long samples, long lostStacks, long droppedSamples) {

  /** Most samples first; ties by pid and frames, so that a profile prints the same way twice. */
  static final Comparator<ProfiledStack> ORDER =
      Comparator.comparingLong(ProfiledStack::samples)
          .reversed()
          .thenComparingInt(ProfiledStack::pid)
          .thenComparing(s -> String.join(";", s.frames()));

  public Profile {
    stacks = stacks.stream().sorted(ORDER).toList();
  }

  /** The {@code n} most sampled stacks. */
  public List<ProfiledStack> top(int n) {
    return stacks.subList(0, Math.min(n, stacks.size()));
  }

  /**
   * The stacks summed by what they show: process, thread name and frame names. Two stacks
   * sampled at different instructions of one function are two stacks to the kernel and one
   * here; each keeps the first one's {@link ProfiledStack#kernelStack()} and user stack.
   */
  public Profile mergedByName() {
    Map<List<Object>, ProfiledStack> merged = new LinkedHashMap<>();
    for (ProfiledStack s : stacks) {
      merged.merge(
          List.of(s.pid(), s.comm(), s.frames()),
          s,
          (a, b) ->
              new ProfiledStack(
                  a.pid(), a.comm(), a.kernelStack(), a.userStack(), a.samples() + b.samples()));
    }
    return new Profile(List.copyOf(merged.values()), samples, lostStacks, droppedSamples);
  }

  /** The stacks of process {@code pid} only, with their own totals. */
  public Profile ofProcess(int pid) {
    List<ProfiledStack> own = stacks.stream().filter(s -> s.pid() == pid).toList();
    return new Profile(own, own.stream().mapToLong(ProfiledStack::samples).sum(), 0, 0);
  }

  /** The profile in folded form, one {@code frame;frame;frame count} line a stack. */
  public String folded() {
    StringBuilder out = new StringBuilder();
    try {
      FoldedStacks.write(this, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not throw
    }
    return out.toString();
  }
}
