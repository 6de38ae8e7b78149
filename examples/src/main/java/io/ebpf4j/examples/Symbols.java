package io.ebpf4j.examples;

import io.ebpf4j.runtime.FrameNamer;

/** How the examples name the frames of their stacks. */
final class Symbols {
  private Symbols() {}

  static FrameNamer namer() {
    return FrameNamer.addresses();
  }
}
