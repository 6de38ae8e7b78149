package com.example;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.KernelCall;

public class NeitherValueNorFunction {
  record Args(long a) {}

  @Kprobe
  void onCall(KernelCall<Args> c) {}
}
