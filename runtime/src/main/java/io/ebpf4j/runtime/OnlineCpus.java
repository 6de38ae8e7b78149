package io.ebpf4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPUs a sampling perf event opens on: {@code /sys/devices/system/cpu/online}, a list of
 * ranges such as {@code 0-3,6}. A perf event samples one CPU, so a profile of the machine opens
 * one per online CPU (as bcc's {@code attach_perf_event} does).
 */
final class OnlineCpus {
  private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");

  private OnlineCpus() {}

  static List<Integer> host() {
    try {
      return parse(Files.readAllLines(ONLINE).get(0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the online CPUs from " + ONLINE, e);
    }
  }

  /** {@code "0-2,4"} is 0, 1, 2 and 4. */
  static List<Integer> parse(String ranges) {
    List<Integer> cpus = new ArrayList<>();
    for (String range : ranges.strip().split(",")) {
      if (range.isEmpty()) {
        continue;
      }
      int dash = range.indexOf('-');
      int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
      int last = dash < 0 ? first : Integer.parseInt(range.substring(dash + 1));
      for (int cpu = first; cpu <= last; cpu++) {
        cpus.add(cpu);
      }
    }
    return List.copyOf(cpus);
  }
}
