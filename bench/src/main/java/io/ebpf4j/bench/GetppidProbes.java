package io.ebpf4j.bench;

import io.ebpf4j.api.Kprobe;

/**
 * The benchmark's handler: one probe on getppid(2), doing a little real work on every typed
 * event. Its fields are written by the session's delivery thread only and read after {@code
 * close()}, which joins that thread.
 */
public class GetppidProbes {
  long events;
  long tidSum;
  long commBytes;
  long maxLatencyNanos;

  @Kprobe("getppid")
  void on(GetppidEvent e) {
    events++;
    tidSum += e.tid();
    commBytes += e.comm().length();
    // bpf_ktime_get_ns and System.nanoTime read the same clock: time from the system call to here.
    long latency = System.nanoTime() - e.timestampNanos();
    if (latency > maxLatencyNanos) {
      maxLatencyNanos = latency;
    }
  }
}
