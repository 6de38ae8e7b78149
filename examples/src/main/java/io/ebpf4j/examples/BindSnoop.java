package io.ebpf4j.examples;

import io.ebpf4j.api.JfrEvents;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.runtime.ProbeRuntime;

/**
 * Prints the command, process id and socket fd of every bind(2) on the machine.
 *
 * <pre>
 * scripts/run-example.sh BindSnoop [--duration 10s]
 * COMM             PID     FD
 * python3          48213   3
 * </pre>
 *
 * <p>Marked {@link JfrEvents}: run with {@code -XX:StartFlightRecording} and each bind is also an
 * {@code ebpf4j.BindEvent} in the recording.
 */
@JfrEvents
public class BindSnoop {

  @Kprobe("bind")
  void onBind(BindEvent event) {
    System.out.printf("%-16s %-7d %d%n", event.comm(), event.pid(), event.fd());
  }

  public static void main(String[] args) throws Exception {
    Runner.run(
        args,
        () -> {
          // The header first: the delivery thread prints events as soon as the probes attach.
          System.out.printf("%-16s %-7s %s%n", "COMM", "PID", "FD");
          return ProbeRuntime.start(BindSnoop.class);
        });
  }
}
