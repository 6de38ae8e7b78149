package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.api.internal.ProgramConventions.Filter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The filters of {@link ProbeOptions} as a program gets them: cflags that say only which filters
 * are on, and the values, which {@link #write} puts into {@link ProgramConventions#FILTERS_MAP}
 * once the program is loaded. Keeping the values out of the cflags keeps them out of the {@link
 * CacheKey}, so that a tool restarted for another process loads its program from the cache.
 */
final class SessionFilters {
  private final Map<Filter, Long> values;

  private SessionFilters(Map<Filter, Long> values) {
    this.values = values;
  }

  /** The filters {@code options} turn on, with their values. */
  static SessionFilters of(ProbeOptions options) {
    Map<Filter, Long> values = new EnumMap<>(Filter.class);
    if (options.onlyProcess() != 0) {
      values.put(Filter.TGID, options.onlyProcess());
    }
    if (options.onlyUser() != -1) {
      values.put(Filter.UID, Integer.toUnsignedLong(options.onlyUser()));
    }
    if (options.onlyCgroup() != 0) {
      values.put(Filter.CGROUP, options.onlyCgroup());
    }
    return new SessionFilters(values);
  }

  /** {@code -D<macro>} of each filter that is on, without its value. */
  List<String> cflags() {
    List<String> cflags = new ArrayList<>();
    for (Filter filter : values.keySet()) {
      cflags.add("-D" + filter.macro());
    }
    return cflags;
  }

  /**
   * Writes the values into {@code module}'s filters map. Call it before attaching any probe, so
   * that no probe ever runs with the zeros the map starts with, and no event of another process,
   * user or cgroup gets through.
   */
  void write(BpfModule module) {
    if (values.isEmpty()) {
      return; // the C declares no map
    }
    int fd = module.tableFd(ProgramConventions.FILTERS_MAP);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
      for (Map.Entry<Filter, Long> e : values.entrySet()) {
        key.set(ValueLayout.JAVA_INT, 0, e.getKey().ordinal());
        value.set(ValueLayout.JAVA_LONG, 0, e.getValue());
        module
            .bcc()
            .update(fd, key, value, 0, "cannot write the session's " + e.getKey() + " filter");
      }
    }
  }
}
