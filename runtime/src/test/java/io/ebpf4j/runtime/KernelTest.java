package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Checks that need no BPF: privilege bits, and a missing libbcc. */
class KernelTest {
  @Test
  void rootOrBpfWithPerfmonMayLoad() {
    assertTrue(Kernel.hasBpfPrivileges(0x000001ffffffffffL), "root");
    assertTrue(Kernel.hasBpfPrivileges((1L << 39) | (1L << 38)), "CAP_BPF + CAP_PERFMON");
    assertFalse(Kernel.hasBpfPrivileges(1L << 39), "CAP_BPF alone cannot open perf events");
    assertFalse(Kernel.hasBpfPrivileges(0), "an ordinary user");
  }

  @Test
  void missingLibbccNamesThePackage() {
    LinkageError e = assertThrows(LinkageError.class, () -> Libbcc.load("libbcc-not-here.so.0"));
    assertTrue(e.getMessage().contains("apt-get install libbpfcc"), e.getMessage());
  }

  @Test
  void optionsRejectARingBufferThatIsNotAPowerOfTwo() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProbeOptions.defaults().withRingBufferPages(100));
    assertTrue(e.getMessage().contains("power of two"), e.getMessage());
  }

  @Test
  void optionsRejectARingBufferBiggerThanTheKernelMakes() {
    int max = ProbeOptions.maxRingBufferPages();
    assertEquals(ProbeOptions.MAX_RING_BUFFER_BYTES, (long) max * Libc.get().pageSize());
    assertEquals(max, ProbeOptions.defaults().withRingBufferPages(max).ringBufferPages());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ProbeOptions.defaults().withRingBufferPages(max * 2));
    assertTrue(e.getMessage().contains("at most " + max), e.getMessage());
  }

  @Test
  void probeEventNamesFitTheKernelsLimitAfterBccsSuffix() {
    String name = BpfModule.eventName("r", "/usr/lib/x86_64-linux-gnu/libsomething-long.so.6_a_long_symbol");
    String asBccWritesIt = name + "_bcc_" + ProcessHandle.current().pid();
    assertTrue(asBccWritesIt.length() <= 63, asBccWritesIt);
    assertTrue(name.contains("a_long_symbol"), name);
  }
}
