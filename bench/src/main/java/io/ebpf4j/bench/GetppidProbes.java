package io.ebpf4j.bench;

import io.ebpf4j.api.Tracepoint;

/**
 * The benchmark's handler: one probe on the entry of getppid(2), doing a little real work on every
 * typed event. A tracepoint, not a kprobe, so that the attach point is the one bcc-Python and
 * bpftrace use in {@code bench/run.sh} on any kernel. Its fields are written by the session's delivery thread only and read after {@code
 * close()}, which joins that thread.
 */
public class GetppidProbes {
  long events;
  long pidSum;
  long commBytes;
  long maxLatencyNanos;

  @Tracepoint("syscalls:sys_enter_getppid")
  void on(SysEnterGetppidEvent e) {
    events++;
    // The pid, not the tid: the load generator may run several threads of one process.
    pidSum += e.pid();
    commBytes += e.comm().length();
    // bpf_ktime_get_ns and System.nanoTime read the same clock: time from the system call to here.
    long latency = System.nanoTime() - e.timestampNanos();
    if (latency > maxLatencyNanos) {
      maxLatencyNanos = latency;
    }
  }
}
