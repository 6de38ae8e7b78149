package io.ebpf4j.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the examples' handlers print to {@code System.out}, which is all they do. */
final class Printed {
  private Printed() {}

  /** A block that may throw, as {@code HandlerHarness.deliver} does. */
  interface Block {
    void run() throws Exception;
  }

  /** The lines {@code block} printed. */
  static String by(Block block) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      block.run();
    } finally {
      System.setOut(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
