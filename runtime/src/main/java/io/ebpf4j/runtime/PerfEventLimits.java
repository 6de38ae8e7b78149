package io.ebpf4j.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel allows a sampling perf event, and what a refusal means, in the words of the
 * fix. {@code perf_event_open(2)} says ENOENT or EOPNOTSUPP for an event this machine does not
 * have (a hardware event on a virtual machine without a PMU), EINVAL for a frequency above
 * {@code perf_event_max_sample_rate}, EACCES or EPERM for missing privileges.
 */
final class PerfEventLimits {
  private static final Path MAX_SAMPLE_RATE = Path.of("/proc/sys/kernel/perf_event_max_sample_rate");
  static final Path EVENT_SOURCES = Path.of("/sys/bus/event_source/devices");
  private static final Path PARANOID = Path.of("/proc/sys/kernel/perf_event_paranoid");
  /** The kernel's default ({@code DEFAULT_MAX_SAMPLE_RATE}), if the sysctl cannot be read. */
  private static final int DEFAULT_MAX_SAMPLE_RATE = 100_000;
  private static final int EINVAL = 22;
  private static final int EOPNOTSUPP = 95;

  private PerfEventLimits() {}

  /** {@code perf_event_max_sample_rate}: the kernel lowers it when sampling takes too long. */
  static int maxSampleRate() {
    return readInt(MAX_SAMPLE_RATE, DEFAULT_MAX_SAMPLE_RATE);
  }

  /**
   * Fails, naming the software clock, if {@code event} is a hardware event and this machine has
   * no CPU PMU: the kernel lists one under {@code /sys/bus/event_source/devices} ({@code cpu}, or
   * {@code cpu_core} and {@code cpu_atom} on hybrid CPUs) where it has one. Checked before the
   * attach because its errno does not survive: bcc's {@code perror} after the failed {@code
   * perf_event_open} leaves another one (EINVAL here for an ENOENT).
   */
  static void requireEvent(SampleEvent event, Path eventSources, String function) {
    if (!event.hardware()) {
      return;
    }
    for (String pmu : new String[] {"cpu", "cpu_core", "cpu_atom"}) {
      if (Files.isDirectory(eventSources.resolve(pmu))) {
        return;
      }
    }
    throw new Ebpf4jException(
        attachFailure(function, event, Libc.ENOENT)
            + " ("
            + eventSources
            + " lists no cpu PMU)");
  }

  static String attachFailure(String function, SampleEvent event, int errno) {
    String head = "cannot attach " + function + " to perf event " + event.perfName();
    if (errno == Libc.ENOENT || errno == EOPNOTSUPP) {
      return head
          + (event.hardware()
              ? ": this machine has no hardware event "
                  + event.perfName()
                  + " (no hardware PMU; virtual machines often have none): sample "
                  + SampleEvent.CPU_CLOCK.perfName()
                  + " (SampleEvent.CPU_CLOCK) instead"
              : ": this kernel has no such software event");
    }
    if (errno == EINVAL) {
      return head
          + ": the kernel refused the frequency; keep it at or below perf_event_max_sample_rate ("
          + maxSampleRate()
          + ", /proc/sys/kernel/perf_event_max_sample_rate)";
    }
    if (errno == Libc.EACCES || errno == Libc.EPERM) {
      return head
          + ": sampling every process needs root, or CAP_PERFMON and CAP_BPF"
          + " (perf_event_paranoid is "
          + readInt(PARANOID, Integer.MIN_VALUE)
          + ")";
    }
    return head;
  }

  private static int readInt(Path file, int otherwise) {
    try {
      return Integer.parseInt(Files.readAllLines(file).get(0).strip());
    } catch (IOException | RuntimeException e) {
      return otherwise;
    }
  }
}
