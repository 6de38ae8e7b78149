package io.ebpf4j.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * One stack of a {@link Profile}, with the samples that found it: a process, its kernel stack
 * and its user stack, each as frame names innermost first, and the raw addresses they were named
 * from.
 *
 * @param pid the process (thread group) id; 0 for the idle task
 * @param comm the name of the thread sampled, as the kernel has it (16 bytes at most)
 * @param kernelFrames the kernel frames' names, innermost first; empty for a sample in user space
 * @param userFrames the user frames' names, innermost first; empty for a kernel thread, or when
 *     the user stack could not be walked
 * @param kernelAddresses the kernel frames' instruction addresses, innermost first
 * @param userAddresses the user frames' instruction addresses, innermost first
 * @param samples how many samples found this stack
 */
public record ProfiledStack(
    int pid,
    String comm,
    List<String> kernelFrames,
    List<String> userFrames,
    List<Long> kernelAddresses,
    List<Long> userAddresses,
    long samples) {

  /** Kernel frames carry this suffix in folded stacks, as flame-graph tools colour them. */
  public static final String KERNEL_SUFFIX = "_[k]";

  public ProfiledStack {
    kernelFrames = List.copyOf(kernelFrames);
    userFrames = List.copyOf(userFrames);
    kernelAddresses = List.copyOf(kernelAddresses);
    userAddresses = List.copyOf(userAddresses);
  }

  /**
   * The frames from the outermost in: the user stack's, then the kernel's (the sampled code
   * entered the kernel last), kernel frames with {@value #KERNEL_SUFFIX}.
   */
  public List<String> frames() {
    List<String> frames = new ArrayList<>(userFrames.size() + kernelFrames.size());
    for (int i = userFrames.size() - 1; i >= 0; i--) {
      frames.add(userFrames.get(i));
    }
    for (int i = kernelFrames.size() - 1; i >= 0; i--) {
      frames.add(kernelFrames.get(i) + KERNEL_SUFFIX);
    }
    return frames;
  }

  /** The innermost frame, where the sample found the CPU; {@code comm} if no stack was walked. */
  public String leaf() {
    if (!kernelFrames.isEmpty()) {
      return kernelFrames.get(0) + KERNEL_SUFFIX;
    }
    return userFrames.isEmpty() ? comm : userFrames.get(0);
  }
}
