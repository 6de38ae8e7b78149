package io.ebpf4j.examples;

/** A JVM to profile: spins in one uniquely named method for the seconds given. */
final class BusyJava {
  static volatile long sink;

  private BusyJava() {}

  public static void main(String[] args) {
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
    System.out.println("ready");
    System.out.flush();
    while (System.nanoTime() < end) {
      sink += hotLoopQ9(5_000_000);
    }
  }

  static long hotLoopQ9(long n) {
    long x = 0;
    for (long i = 0; i < n; i++) {
      x = x * 6364136223846793005L + i;
    }
    return x;
  }
}
