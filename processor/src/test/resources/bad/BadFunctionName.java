package com.example;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.KernelCall;

public class BadFunctionName {
  record Args(long a) {}

  @Kprobe(function = "tcp v4 connect")
  void onCall(KernelCall<Args> c) {}
}
