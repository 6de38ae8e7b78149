package com.example;

import io.ebpf4j.api.Kprobe;

/** Uses the synthetic format of FunctionalTest, whose arguments have awkward names. */
public class Weird {
  @Kprobe("weird")
  void onWeird(WeirdEvent e) {
    System.out.println("" + e.data() + e.ctx() + e.class_() + e.event() + e.handler() + e.hashCode_());
  }
}
