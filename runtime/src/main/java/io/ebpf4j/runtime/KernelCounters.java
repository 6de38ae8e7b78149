package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.api.internal.ProgramConventions.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads what a session's programs counted in the kernel: the per-CPU {@link
 * ProgramConventions#COUNTERS_MAP}, the entries left in the calls maps of {@code withEntry}
 * probes, and the verifier-independent {@code recursion_misses} of each loaded program (runs the
 * kernel skipped because another BPF program was already running on that CPU).
 *
 * <p>Not thread-safe, and only valid while the module is open: the session serializes reads with
 * closing.
 */
final class KernelCounters {
  /** {@code offsetof(struct bpf_prog_info, recursion_misses)} in {@code <linux/bpf.h>}, Linux 5.12+. */
  private static final long RECURSION_MISSES_OFFSET = 208;
  /** {@code sizeof(struct bpf_prog_info)} up to and including {@code recursion_misses}. */
  private static final int PROG_INFO_SIZE = 216;

  private final BpfModule module;
  private final int countersFd;
  private final List<Integer> callsMapFds;
  private final int possibleCpus;

  KernelCounters(BpfModule module) {
    this.module = module;
    this.countersFd = module.tableFd(ProgramConventions.COUNTERS_MAP);
    this.callsMapFds =
        module.tableNames().stream()
            .filter(name -> name.startsWith(ProgramConventions.CALLS_MAP_PREFIX))
            .map(module::tableFd)
            .toList();
    this.possibleCpus = possibleCpus();
  }

  /** One counter, summed over every CPU. */
  long read(Counter counter) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      key.set(ValueLayout.JAVA_INT, 0, counter.ordinal());
      // A per-CPU map hands back one 8-byte value per possible CPU.
      MemorySegment values = arena.allocate(ValueLayout.JAVA_LONG, possibleCpus);
      module
          .bcc()
          .lookup(countersFd, key, values, "cannot read the session's kernel counters");
      long sum = 0;
      for (int cpu = 0; cpu < possibleCpus; cpu++) {
        sum += values.getAtIndex(ValueLayout.JAVA_LONG, cpu);
      }
      return sum;
    }
  }

  /** The entries in every calls map: calls entered and not yet returned (or evicted). */
  long callsInFlight() {
    long total = 0;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_LONG);
      MemorySegment next = arena.allocate(ValueLayout.JAVA_LONG);
      for (int fd : callsMapFds) {
        // A key not in the map (NULL works on 4.12+ only) starts the walk at the first key.
        key.set(ValueLayout.JAVA_LONG, 0, -1L);
        while (nextKey(fd, key, next)) {
          total++;
          MemorySegment.copy(next, 0, key, 0, Long.BYTES);
        }
      }
      return total;
    }
  }

  /**
   * The key after {@code key} of calls map {@code fd} into {@code next}; false after the last. A
   * walk the kernel refuses ends there too: the count is a statistic, and holds what it saw.
   */
  private boolean nextKey(int fd, MemorySegment key, MemorySegment next) {
    try {
      return module.bcc().nextKey(fd, key, next, "cannot count the calls in flight");
    } catch (NativeCallException e) {
      return false;
    }
  }

  /** The sum of {@code recursion_misses} over the loaded programs. */
  long recursionMisses() {
    long total = 0;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment info = arena.allocate(PROG_INFO_SIZE, 8);
      MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
      for (int fd : module.programFds()) {
        info.fill((byte) 0);
        length.set(ValueLayout.JAVA_INT, 0, PROG_INFO_SIZE);
        module.bcc().objectInfo(fd, info, length, "cannot read a program's run counters");
        // An older kernel fills less, and leaves the rest zero.
        if (length.get(ValueLayout.JAVA_INT, 0) >= RECURSION_MISSES_OFFSET + Long.BYTES) {
          total += info.get(ValueLayout.JAVA_LONG, RECURSION_MISSES_OFFSET);
        }
      }
      return total;
    }
  }

  /** What the kernel sizes per-CPU map values by: {@code /sys/devices/system/cpu/possible}. */
  static int possibleCpus() {
    try {
      return parseCpuRanges(Files.readString(Path.of("/sys/devices/system/cpu/possible")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The number of CPUs in a list like {@code 0-3,8-11}; the kernel copies one value per possible
   * CPU, in order, with no gaps for the holes.
   */
  static int parseCpuRanges(String list) {
    int count = 0;
    for (String range : list.strip().split(",")) {
      int dash = range.indexOf('-');
      int first = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
      int last = Integer.parseInt(range.substring(dash + 1));
      count += last - first + 1;
    }
    return count;
  }
}
