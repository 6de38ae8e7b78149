package io.ebpf4j.runtime;

/**
 * The Java workload of ProfilerKernelTest, run in a child JVM with {@code
 * -XX:+PreserveFramePointer}: spins in one uniquely named method, JIT-compiled after the first
 * few calls, for the seconds given.
 */
final class SpinningJava {
  static volatile long sink;

  private SpinningJava() {}

  public static void main(String[] args) {
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
    System.out.println("ready");
    System.out.flush();
    while (System.nanoTime() < end) {
      sink += ebpf4jHotSpinQ7(5_000_000);
    }
  }

  static long ebpf4jHotSpinQ7(long n) {
    long x = 0;
    for (long i = 0; i < n; i++) {
      x = x * 6364136223846793005L + i;
    }
    return x;
  }
}
