package io.ebpf4j.examples;

import io.ebpf4j.api.Hotspot;
import io.ebpf4j.runtime.ProbeRuntime;

/**
 * Prints every class that a JVM on the machine loads, with its loader and whether it came from
 * the shared archive (CDS), from the JVM's {@code hotspot:class__loaded} probe.
 *
 * <pre>
 * scripts/run-example.sh ClassLoads [--duration 10s]
 * PID     SHARED LOADER           CLASS
 * 4711    false  0x7f3a8c0f1e40   com/example/Main
 * </pre>
 */
public class ClassLoads {

  @Hotspot("class__loaded")
  void onLoad(ClassLoadedEvent e) {
    System.out.printf("%-7d %-6s 0x%-14x %s%n", e.pid(), e.shared(), e.loaderId(), e.className());
  }

  public static void main(String[] args) throws Exception {
    Runner.run(
        args,
        () -> {
          // The header first: the delivery thread prints events as soon as the probes attach.
          System.out.printf("%-7s %-6s %-16s %s%n", "PID", "SHARED", "LOADER", "CLASS");
          return ProbeRuntime.start(ClassLoads.class);
        });
  }
}
