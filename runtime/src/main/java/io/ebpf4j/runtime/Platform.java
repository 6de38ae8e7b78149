package io.ebpf4j.runtime;

import java.util.function.Supplier;

/**
 * The native libraries and the kernel a module or session works with: this machine's by {@link
 * #host()}, or a test's. The host's {@code bcc} makes the kernel calls itself ({@link SyscallBcc})
 * and links libbcc only when a module is compiled (after the privileges are checked, so that a
 * process without them hears about them first) or a symbol is looked up: a cache hit never does. {@code cache} holds what
 * earlier compiles built ({@link ProgramCache}).
 */
record Platform(
    KernelFacts kernel, Libc libc, Supplier<Libbcc> bcc, Supplier<ProgramCache> cache) {
  private static final Platform HOST =
      new Platform(KernelFacts.host(), Libc.get(), SyscallBcc::host, ProgramCache::configured);

  /** A platform that compiles every program: a test's. */
  Platform(KernelFacts kernel, Libc libc, Supplier<Libbcc> bcc) {
    this(kernel, libc, bcc, ProgramCache::disabled);
  }

  /** This machine's kernel, libc and libbcc. */
  static Platform host() {
    return HOST;
  }
}
