package io.ebpf4j.runtime;

import io.ebpf4j.api.Frame;
import io.ebpf4j.api.StackTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stack of a {@link Profile}, with the samples that found it: a process, its kernel stack
 * and its user stack, each innermost frame first.
 *
 * @param pid the process (thread group) id; 0 for the idle task
 * @param comm the name of the thread sampled, as the kernel has it (16 bytes at most)
 * @param kernelStack the kernel stack; {@linkplain StackTrace#none none} for a sample in user
 *     space, with the reason
 * @param userStack the user stack; none for a kernel thread, or when it could not be walked
 * @param samples how many samples found this stack (for an off-CPU profile, microseconds)
 */
public record ProfiledStack(
    int pid, String comm, StackTrace kernelStack, StackTrace userStack, long samples) {

  /** Kernel frames carry this suffix in folded stacks, as flame-graph tools colour them. */
  public static final String KERNEL_SUFFIX = "_[k]";

  public ProfiledStack {
    Objects.requireNonNull(comm, "comm");
    Objects.requireNonNull(kernelStack, "kernelStack");
    Objects.requireNonNull(userStack, "userStack");
  }

  /**
   * The frames' names from the outermost in: the user stack's, then the kernel's (the sampled
   * code entered the kernel last), kernel frames with {@value #KERNEL_SUFFIX}.
   */
  public List<String> frames() {
    List<Frame> user = userStack.frames();
    List<Frame> kernel = kernelStack.frames();
    List<String> frames = new ArrayList<>(user.size() + kernel.size());
    for (int i = user.size() - 1; i >= 0; i--) {
      frames.add(user.get(i).name());
    }
    for (int i = kernel.size() - 1; i >= 0; i--) {
      frames.add(kernel.get(i).name() + KERNEL_SUFFIX);
    }
    return frames;
  }

  /** The innermost frame's name, where the sample found the CPU; {@code comm} with no stack. */
  public String leaf() {
    List<String> frames = frames();
    return frames.isEmpty() ? comm : frames.get(frames.size() - 1);
  }

  /**
   * The innermost Java frame of the user stack, compiled or interpreted: the Java method that was
   * running, or that called the native code or the kernel that was.
   */
  public Optional<Frame> innermostJavaFrame() {
    return userStack.frames().stream()
        .filter(
            f -> f.kind() == Frame.Kind.JAVA_COMPILED || f.kind() == Frame.Kind.JAVA_INTERPRETED)
        .findFirst();
  }
}
