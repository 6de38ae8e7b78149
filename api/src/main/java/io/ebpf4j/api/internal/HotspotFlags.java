package io.ebpf4j.api.internal;

import java.util.Optional;

/**
 * The JVM flags that HotSpot's costlier {@code hotspot} probes fire only under (the JDK's {@code
 * hotspot.d}). The processor names them in its messages and the runtime checks a target JVM for
 * them; this is the one table of the two.
 */
public final class HotspotFlags {
  private HotspotFlags() {}

  /** The flag probe {@code name} needs, without its {@code -XX:+}; empty if it fires always. */
  public static Optional<String> requiredFlag(String name) {
    if (name.equals("method__entry") || name.equals("method__return")) {
      return Optional.of("DTraceMethodProbes");
    }
    if (name.equals("object__alloc")) {
      return Optional.of("DTraceAllocProbes");
    }
    if (name.startsWith("monitor__")) {
      return Optional.of("DTraceMonitorProbes");
    }
    return Optional.empty();
  }
}
