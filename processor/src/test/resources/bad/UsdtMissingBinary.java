package com.example;

import io.ebpf4j.api.Usdt;

public class UsdtMissingBinary {
  @Usdt(binary = "/no/such/libfoo.so", provider = "foo", name = "bar")
  void onBar(FooBarEvent e) {}
}
