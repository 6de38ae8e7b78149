package com.example;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.KernelCall;

public class PrivateArguments {
  private record Args(long sk) {}

  @Kprobe(function = "tcp_v4_connect")
  void onCall(KernelCall<Args> c) {}
}
