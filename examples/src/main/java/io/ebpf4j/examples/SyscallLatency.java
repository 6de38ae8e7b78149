package io.ebpf4j.examples;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.runtime.ProbeRuntime;
import java.util.Map;

/**
 * A log2 histogram of read(2)'s latency per command, kept in the kernel and printed when it
 * stops as bcc's tools print theirs.
 *
 * <pre>
 * scripts/run-example.sh SyscallLatency [--duration 10s]
 * comm = java
 *      nsecs               : count     distribution
 *        512 -> 1023       : 3        |*******                                 |
 *       1024 -> 2047       : 17       |****************************************|
 * </pre>
 */
public class SyscallLatency {

  @Kretprobe(value = "read", withEntry = true)
  @Aggregate(value = Aggregate.Kind.LOG2_HISTOGRAM, of = "latencyNanos", by = "comm")
  void latency(Map<ReadCallByComm, Histogram> histograms) {
    histograms.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(ReadCallByComm::comm)))
        .forEach(
            e -> {
              Histogram h = e.getValue();
              System.out.printf("%ncomm = %s  (count %d, mean %.0f ns, p99 ~%.0f ns)%n",
                  e.getKey().comm(), h.count(), h.mean(), h.percentile(99));
              h.print(System.out, "nsecs");
            });
  }

  public static void main(String[] args) throws Exception {
    Runner.run(args, () -> ProbeRuntime.start(SyscallLatency.class));
  }
}
