package io.ebpf4j.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.runtime.ProbeSession;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link WithProbes} on the real kernel: the test gets a started session and its handler, and a
 * bind of this process arrives. Required under {@code CI=true}, by the annotation's default.
 */
@WithProbes(OwnBinds.class)
class WithProbesKernelTest {

  @Test
  void theTestGetsAStartedSessionAndItsHandler(ProbeSession session, OwnBinds handler)
      throws Exception {
    assertTrue(session.isDelivering());
    int port;
    try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)) {
      channel.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
      BindEvent bind = handler.binds.poll(10, TimeUnit.SECONDS);
      assertTrue(bind != null, "no bind of this process within 10 s; port " + port);
      assertEquals(ProcessHandle.current().pid(), bind.pid());
      assertEquals(16, bind.addrlen());
    }
  }
}
