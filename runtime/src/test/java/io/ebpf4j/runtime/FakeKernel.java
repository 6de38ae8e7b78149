package io.ebpf4j.runtime;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A kernel for tests that run without one: whether it has kprobes, which system call functions
 * its {@code /proc/kallsyms} lists (resolved by {@link Kernel}'s own rule), and a tracefs
 * directory of the test's making. Privileges are always enough.
 */
record FakeKernel(boolean kprobes, Set<String> kallsyms, Path tracefs) implements KernelFacts {

  @Override
  public void requireBpfPrivileges() {}

  @Override
  public boolean hasKprobes() {
    return kprobes;
  }

  @Override
  public Optional<Kernel.SyscallFunction> resolveSyscall(String syscall) {
    return Kernel.resolveSyscall(syscall, kallsyms);
  }

  @Override
  public String missingHeadersHint() {
    return "";
  }

  @Override
  public int pidMax() {
    return 1 << 22;
  }
}
