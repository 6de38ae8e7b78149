package io.ebpf4j.runtime;

/**
 * Names the instruction addresses of a profile's stacks. {@link #addresses()} writes them in
 * hex; a symbolizer names kernel functions, native symbols and JIT-compiled Java methods.
 */
public interface FrameNamer {
  /** The name of kernel address {@code address}. */
  String kernel(long address);

  /** The name of address {@code address} in the user space of process {@code pid}. */
  String user(int pid, long address);

  /** Every address as {@code 0x...}, unnamed. */
  static FrameNamer addresses() {
    return new FrameNamer() {
      @Override
      public String kernel(long address) {
        return "0x" + Long.toHexString(address);
      }

      @Override
      public String user(int pid, long address) {
        return "0x" + Long.toHexString(address);
      }
    };
  }
}
