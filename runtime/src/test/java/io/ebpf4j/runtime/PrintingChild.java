package io.ebpf4j.runtime;

/**
 * Started by {@link NativeOutputKernelTest} in a child JVM. {@code print}: a thread prints
 * numbered lines on stderr while bcc compiles, then {@code printed <n>} goes to stdout. {@code
 * compile}: compiles once and prints {@code compiled} or {@code failed:} with the message.
 */
final class PrintingChild {
  private static final String C = "int f(void *ctx) { return 0; }";

  private PrintingChild() {}

  public static void main(String[] args) throws InterruptedException {
    if (args[0].equals("compile")) {
      try (BpfModule module = BpfModule.compile(C)) {
        System.out.println("compiled");
      } catch (BpfCompileException e) {
        System.out.println("failed: " + e.getMessage());
      }
      return;
    }
    java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    int[] printed = {0};
    Thread printer =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    System.err.println("line " + printed[0]++);
                    first.countDown();
                    try {
                      Thread.sleep(1); // pacing only, to spare the machine a flood
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
    first.await();
    // Each compile holds the capture for about a second: the printer prints through all three.
    for (int i = 0; i < 3; i++) {
      BpfModule.compile(C).close();
    }
    done.set(true);
    printer.join();
    System.out.println("printed " + printed[0]);
  }
}
