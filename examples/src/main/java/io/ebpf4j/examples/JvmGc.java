package io.ebpf4j.examples;

import io.ebpf4j.api.Hotspot;
import io.ebpf4j.runtime.ProbeRuntime;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prints every garbage collection of every JVM on the machine, from the JVM's own {@code
 * hotspot:gc__begin} and {@code gc__end} probes, and at the end each JVM's pause times as a
 * power-of-two histogram. The begin and end of one collection come from the same process; the
 * pause is the time between them. Kept in Java: an in-kernel aggregate sees one event at a time,
 * and a pause is the difference of two.
 *
 * <pre>
 * scripts/run-example.sh JvmGc [--duration 10s]
 * PID     EVENT    FULL  PAUSE(us)
 * 4711    begin    true
 * 4711    end            5321
 * </pre>
 */
public class JvmGc {
  private final Map<Integer, Long> begins = new ConcurrentHashMap<>();
  /** Per process, the count of pauses by the power of two of their microseconds. */
  private final Map<Integer, long[]> pauses = new ConcurrentHashMap<>();

  @Hotspot("gc__begin")
  void onBegin(GcBeginEvent e) {
    begins.put(e.pid(), e.timestampNanos());
    System.out.printf("%-7d %-8s %-5s%n", e.pid(), "begin", e.full());
  }

  @Hotspot("gc__end")
  void onEnd(GcEndEvent e) {
    Long begin = begins.remove(e.pid());
    if (begin == null) {
      System.out.printf("%-7d %-8s%n", e.pid(), "end");
      return;
    }
    long micros = (e.timestampNanos() - begin) / 1000;
    pauses.computeIfAbsent(e.pid(), pid -> new long[64])[63 - Long.numberOfLeadingZeros(micros | 1)]++;
    System.out.printf("%-7d %-8s %-5s %d%n", e.pid(), "end", "", micros);
  }

  /** bcc's log2 histogram layout: one row per power of two, from the first to the last used. */
  void printPauses() {
    for (Map.Entry<Integer, long[]> jvm : new TreeMap<>(pauses).entrySet()) {
      System.out.printf("%nGC pauses of process %d%n%20s : count%n", jvm.getKey(), "usecs");
      long[] counts = jvm.getValue();
      int first = 0;
      int last = counts.length - 1;
      while (first < last && counts[first] == 0) {
        first++;
      }
      while (last > first && counts[last] == 0) {
        last--;
      }
      for (int i = first; i <= last; i++) {
        long low = i == 0 ? 0 : 1L << i;
        long high = (1L << (i + 1)) - 1;
        System.out.printf("%9d -> %-9d : %d%n", low, high, counts[i]);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Runner.run(
        args,
        () -> {
          JvmGc gc = new JvmGc();
          // The header first: the delivery thread prints events as soon as the probes attach.
          System.out.printf("%-7s %-8s %-5s %s%n", "PID", "EVENT", "FULL", "PAUSE(us)");
          var session = ProbeRuntime.start(gc);
          return () -> {
            session.close();
            gc.printPauses();
          };
        });
  }
}
