package io.ebpf4j.runtime;

/**
 * What a negative {@code bpf_get_stackid} result means, for the "no stack" of a {@link
 * io.ebpf4j.api.StackTrace}. The helper's errors are in {@code kernel/bpf/stackmap.c}.
 */
final class StackErrors {
  static final int EFAULT = 14;
  static final int EEXIST = 17;
  static final int ENOMEM = 12;

  private StackErrors() {}

  /** Why stack id {@code stackId}, negative, is no stack; {@code user} for a user stack. */
  static String whyNone(int stackId, boolean user) {
    int errno = -stackId;
    return switch (errno) {
      case EFAULT ->
          user
              ? "no user stack (-EFAULT): the CPU was idle or ran a kernel thread"
              : "no kernel stack (-EFAULT)";
      case EEXIST ->
          "lost to a hash collision in the stack map (-EEXIST): another stack holds its bucket";
      case ENOMEM -> "lost: the stack map was full (-ENOMEM); give it more entries";
      default -> "get_stackid failed with -" + errno;
    };
  }
}
