package com.example;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.KernelCall;

public class TooManyArguments {
  record Args(long a, long b, long c, long d, long e, long f, long g) {}

  @Kprobe(function = "tcp_v4_connect")
  void onCall(KernelCall<Args> c) {}
}
