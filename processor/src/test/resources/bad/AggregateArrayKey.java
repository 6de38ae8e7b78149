package com.example;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Tracepoint;
import java.util.Map;

public class AggregateArrayKey {
  @Tracepoint("raw_syscalls:sys_enter")
  @Aggregate(value = Aggregate.Kind.COUNT,
      by = "args")
  void perArgs(Map<SysEnterByArgs, Long> counts) {}
}
