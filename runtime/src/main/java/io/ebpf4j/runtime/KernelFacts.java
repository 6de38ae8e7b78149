package io.ebpf4j.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a module and a session ask of the running kernel before they attach. {@link #host()} is
 * this machine's, read by {@link Kernel}; tests give others, to plan and fail starts on kernels
 * they do not run on.
 */
interface KernelFacts {
  /** This machine's kernel. */
  static KernelFacts host() {
    return Kernel.HOST;
  }

  /**
   * Fails, naming the privileges, unless this process may load BPF programs.
   *
   * @see Kernel#requireBpfPrivileges()
   */
  void requireBpfPrivileges();

  /** Whether this kernel can attach kprobes ({@code CONFIG_KPROBES}). */
  boolean hasKprobes();

  /** The kernel function of system call {@code syscall}, if {@code /proc/kallsyms} has it. */
  Optional<Kernel.SyscallFunction> resolveSyscall(String syscall);

  /**
   * The mounted tracefs.
   *
   * @throws Ebpf4jException if it is not mounted or not readable, naming the fix
   */
  Path tracefs();

  /** A sentence on installing the kernel headers if bcc will miss them; else empty. */
  String missingHeadersHint();

  /** The kernel's largest process id plus one. */
  int pidMax();
}
