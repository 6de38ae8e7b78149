package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@code SyscallMetrics}'s arguments, without a kernel. */
class SyscallMetricsTest {

  @Test
  void thePortIsTakenInEitherSpellingWithADefault() {
    assertEquals(9100, SyscallMetrics.parsePort(new String[] {"--port", "9100"}));
    assertEquals(0, SyscallMetrics.parsePort(new String[] {"--duration", "1s", "--port=0"}));
    assertEquals(SyscallMetrics.DEFAULT_PORT, SyscallMetrics.parsePort(new String[] {}));
  }

  @Test
  void aBadPortGetsOneMessageWithAnExample() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SyscallMetrics.parsePort(new String[] {"--port", "99999"}));
    assertEquals("--port takes a TCP port from 0 to 65535, like 9435; got `99999`",
        e.getMessage());
  }
}
