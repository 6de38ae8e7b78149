package io.ebpf4j.bench;

import io.ebpf4j.api.JfrEvents;
import io.ebpf4j.api.Tracepoint;

/** {@link GetppidProbes}'s probe and handler, with every event also a JFR event. */
@JfrEvents
public class JfrGetppidProbes {
  long events;

  @Tracepoint("syscalls:sys_enter_getppid")
  void on(SysEnterGetppidEvent e) {
    events++;
  }
}
