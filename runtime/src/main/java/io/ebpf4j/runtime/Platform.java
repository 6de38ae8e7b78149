package io.ebpf4j.runtime;

import java.util.function.Supplier;

/**
 * The native libraries and the kernel a module or session works with: this machine's by {@link
 * #host()}, or a test's. libbcc is linked only when a module is compiled, after the privileges
 * are checked, so that a process without them hears about them first.
 */
record Platform(KernelFacts kernel, Libc libc, Supplier<Libbcc> bcc) {
  private static final Platform HOST = new Platform(KernelFacts.host(), Libc.get(), Libbcc::get);

  /** This machine's kernel, libc and libbcc. */
  static Platform host() {
    return HOST;
  }
}
