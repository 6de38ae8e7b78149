package io.ebpf4j.processor;

import io.ebpf4j.api.generated.EventHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each argument sits in an event: after the {@link EventHeader}, each aligned to its own
 * size, as a C compiler lays out the struct; the size is rounded up to 8, the alignment of the
 * header's {@code u64}. The C struct's {@code _Static_assert}s and the Java decoder both use these
 * numbers, so they cannot disagree.
 *
 * @param offsets the offset of each argument, in order
 * @param size the struct's size, as {@code sizeof} gives it
 */
record EventLayout(List<Integer> offsets, int size) {

  /** The struct's alignment: that of its widest member, the header's u64 timestamp. */
  static final int ALIGNMENT = 8;

  EventLayout {
    offsets = List.copyOf(offsets);
  }

  static EventLayout of(List<ValueKind> arguments) {
    List<Integer> offsets = new ArrayList<>();
    int end = EventHeader.SIZE;
    for (ValueKind kind : arguments) {
      int offset = alignUp(end, kind.size());
      offsets.add(offset);
      end = offset + kind.size();
    }
    return new EventLayout(offsets, alignUp(end, ALIGNMENT));
  }

  private static int alignUp(int value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }
}
