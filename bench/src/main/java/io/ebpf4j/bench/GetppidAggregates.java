package io.ebpf4j.bench;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.Tracepoint;
import java.util.Map;

/**
 * The aggregating handlers of {@code bench/run.sh}: getppid(2) counted by comm at its entry, as
 * bpftrace's {@code @[comm] = count()}, and its return value in log2 buckets, as {@code @ =
 * hist(args->ret)}. Tracepoints, the attach points bpftrace uses in the same run.
 */
public final class GetppidAggregates {

  private GetppidAggregates() {}

  /** {@code @[comm] = count()} on {@code syscalls:sys_enter_getppid}. */
  public static class CountByComm {
    @Tracepoint("syscalls:sys_enter_getppid")
    @Aggregate(value = Aggregate.Kind.COUNT, by = "comm")
    void perComm(Map<SysEnterGetppidByComm, Long> counts) {}
  }

  /** {@code @ = hist(args->ret)} on {@code syscalls:sys_exit_getppid}. */
  public static class ReturnHistogram {
    @Kretprobe("getppid")
    @Aggregate(value = Aggregate.Kind.LOG2_HISTOGRAM, of = "ret")
    void returns(Histogram histogram) {}
  }
}
