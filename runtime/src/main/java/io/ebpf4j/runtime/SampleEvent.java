package io.ebpf4j.runtime;

import java.util.Arrays;
import java.util.Locale;

/**
 * A perf event to sample on, as {@code perf_event_open(2)} names it: a type and a config, and
 * the name {@code perf list} gives it. The software clocks exist everywhere; the hardware
 * events need a PMU, which a virtual machine often lacks.
 */
public enum SampleEvent {
  /** The software cpu clock ({@code PERF_COUNT_SW_CPU_CLOCK}): time on the CPU, any machine. */
  CPU_CLOCK("cpu-clock", SampleEvent.PERF_TYPE_SOFTWARE, 0),
  /** The software task clock ({@code PERF_COUNT_SW_TASK_CLOCK}). */
  TASK_CLOCK("task-clock", SampleEvent.PERF_TYPE_SOFTWARE, 1),
  /** CPU cycles ({@code PERF_COUNT_HW_CPU_CYCLES}); needs a hardware PMU. */
  CYCLES("cycles", SampleEvent.PERF_TYPE_HARDWARE, 0),
  /** Retired instructions ({@code PERF_COUNT_HW_INSTRUCTIONS}); needs a hardware PMU. */
  INSTRUCTIONS("instructions", SampleEvent.PERF_TYPE_HARDWARE, 1),
  /** Last-level cache misses ({@code PERF_COUNT_HW_CACHE_MISSES}); needs a hardware PMU. */
  CACHE_MISSES("cache-misses", SampleEvent.PERF_TYPE_HARDWARE, 3),
  /** Mispredicted branches ({@code PERF_COUNT_HW_BRANCH_MISSES}); needs a hardware PMU. */
  BRANCH_MISSES("branch-misses", SampleEvent.PERF_TYPE_HARDWARE, 5);

  // include/uapi/linux/perf_event.h, enum perf_type_id
  private static final int PERF_TYPE_HARDWARE = 0;
  private static final int PERF_TYPE_SOFTWARE = 1;

  private final String perfName;
  private final int type;
  private final int config;

  SampleEvent(String perfName, int type, int config) {
    this.perfName = perfName;
    this.type = type;
    this.config = config;
  }

  /** The name {@code perf list} gives: {@code cpu-clock}, {@code cycles}. */
  public String perfName() {
    return perfName;
  }

  /** Whether the event is counted by a hardware PMU rather than by the kernel. */
  public boolean hardware() {
    return type == PERF_TYPE_HARDWARE;
  }

  int type() {
    return type;
  }

  int config() {
    return config;
  }

  /**
   * The event named {@code name} as {@code perf list} writes it, or as this enum's constant.
   *
   * @throws IllegalArgumentException naming the events there are
   */
  public static SampleEvent named(String name) {
    for (SampleEvent e : values()) {
      if (e.perfName.equals(name) || e.name().equals(name.toUpperCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "no sample event `"
            + name
            + "`; there are "
            + String.join(", ", Arrays.stream(values()).map(SampleEvent::perfName).toList()));
  }
}
