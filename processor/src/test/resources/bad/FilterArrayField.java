package com.example;

import io.ebpf4j.api.Tracepoint;

public class FilterArrayField {
  @Tracepoint(value = "sock:inet_sock_set_state", filter = "saddr == 0")
  void onState(InetSockSetStateEvent e) {}
}
