package com.example;

import io.ebpf4j.api.KernelCall;
import io.ebpf4j.api.KernelReturn;
import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.Tracepoint;
import io.ebpf4j.api.Uprobe;
import io.ebpf4j.api.UprobeEvent;
import io.ebpf4j.api.Uretprobe;
import io.ebpf4j.api.UretprobeEvent;
import java.util.ArrayList;
import java.util.List;

public class AllKinds {
  record ConnectArgs(long sk, long uaddr, int addrLen) {}

  public final List<Object> events = new ArrayList<>();

  @Kprobe(value = "openat", stringSize = 64)
  void entry(OpenatEvent e) { events.add(e); }

  @Kretprobe("openat")
  void exit(OpenatReturnEvent e) { events.add(e); }

  @Kprobe(function = "tcp_v4_connect")
  void connect(KernelCall<ConnectArgs> c) { events.add(c); }

  @Kretprobe(function = "tcp_v4_connect")
  void connected(KernelReturn r) { events.add(r); }

  @Uprobe(binary = "c", symbol = "getpid")
  void getpid(UprobeEvent e) { events.add(e); }

  @Uretprobe(binary = "/usr/lib/libc.so.6", symbol = "getpid", pid = 42)
  void getpidReturn(UretprobeEvent e) { events.add(e); }

  @Tracepoint("sock:inet_sock_set_state")
  void state(InetSockSetStateEvent e) { events.add(e); }

  @Tracepoint("syscalls:sys_enter_openat")
  void enter(SysEnterOpenatEvent e) { events.add(e); }
}
