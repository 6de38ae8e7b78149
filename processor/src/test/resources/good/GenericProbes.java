package com.example;

import io.ebpf4j.api.Kprobe;
import java.util.ArrayList;
import java.util.List;

public class GenericProbes<T extends Number> {
  final List<T> seen = new ArrayList<>();

  @Kprobe("close")
  void onClose(CloseEvent e) {}
}
