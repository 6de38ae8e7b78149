package io.ebpf4j.processor.model;

import io.ebpf4j.api.internal.EventHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each member sits in one probe's event: after the {@link EventHeader}, each aligned as a C
 * compiler aligns it (a scalar or an array to its element's size, a string to 1); the size is
 * rounded up to 8, the alignment of the header's {@code u64}. The C struct's {@code
 * _Static_assert}s and the Java decoder both use these numbers, so they cannot disagree. Strings
 * of the probe's {@code stringSize} make the layout a property of the probe, not of the record.
 *
 * @param offsets the offset of each member, in order
 * @param size the struct's size, as {@code sizeof} gives it
 * @param stringSize the capacity of each string sized by the probe
 */
public record EventLayout(List<Integer> offsets, int size, int stringSize) {

  /** The struct's alignment: that of its widest member, the header's u64 timestamp. */
  static final int ALIGNMENT = 8;

  public EventLayout {
    offsets = List.copyOf(offsets);
  }

  public static EventLayout of(List<MemberType> members, int stringSize) {
    List<Integer> offsets = new ArrayList<>();
    int end = EventHeader.SIZE;
    for (MemberType member : members) {
      int offset = alignUp(end, member.alignment());
      offsets.add(offset);
      end = offset + member.size(stringSize);
    }
    return new EventLayout(offsets, alignUp(end, ALIGNMENT), stringSize);
  }

  static int alignUp(int value, int alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }
}
