package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A uprobe that cannot attach says what is missing: the binary, the library, the process or the symbol. */
@RequiresKernel
class UprobeTargetKernelTest {
  private BpfModule module;

  @BeforeEach
  void compile() {
    module = BpfModule.compile("int f(void *ctx) { return 0; }");
  }

  @AfterEach
  void close() {
    module.close();
  }

  /** Read by lines: a whole-file read of a sysctl returns its first byte only ("3"). */
  private static int pidMax() {
    try {
      return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void missingBinaryIsNamed() {
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class, () -> module.attachUprobe("f", "/no/such/binary", "main", -1));
    assertTrue(e.getMessage().startsWith("no binary /no/such/binary"), e.getMessage());
    assertFalse(e.getMessage().contains("symbol"), e.getMessage());
  }

  @Test
  void missingLibraryIsNamed() {
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class, () -> module.attachUprobe("f", "nosuchlib", "main", -1));
    assertTrue(e.getMessage().startsWith("no library named `nosuchlib`"), e.getMessage());
  }

  @Test
  void missingProcessIsNamed() {
    int pid = pidMax() - 1;
    while (Files.exists(Path.of("/proc", Integer.toString(pid)))) {
      pid--;
    }
    int free = pid;
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class, () -> module.attachUretprobe("f", "c", "getsid", free));
    assertTrue(e.getMessage().startsWith("no process with pid " + free), e.getMessage());
  }

  @Test
  void pidAbovePidMaxIsRefused() {
    int pid = pidMax() + 1;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> module.attachUprobe("f", "c", "getsid", pid));
    assertTrue(e.getMessage().contains("/proc/sys/kernel/pid_max"), e.getMessage());
  }

  @Test
  void missingSymbolIsNamedWithTheFileSearched() {
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class,
            () -> module.attachUprobe("f", "c", "no_such_symbol_in_libc", -1));
    assertTrue(e.getMessage().contains("cannot find symbol `no_such_symbol_in_libc` in /"), e.getMessage());
    assertTrue(e.getMessage().contains("libc.so"), e.getMessage());
  }

  @Test
  void thisProcessByItsPidAttaches() {
    int self = (int) ProcessHandle.current().pid();
    Attachment made = module.attachUprobe("f", "c", "getsid", self);
    assertTrue(made.target().endsWith(":getsid"), made.toString());
  }
}
