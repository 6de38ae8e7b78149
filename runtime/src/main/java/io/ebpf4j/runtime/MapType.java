package io.ebpf4j.runtime;

/**
 * The kinds of BPF map a {@link BpfModule}'s tables can be opened as: the kernel's {@code enum
 * bpf_map_type} in {@code <linux/bpf.h>}, for the types ebpf4j reads.
 */
public enum MapType {
  HASH(1, "hash"),
  ARRAY(2, "array"),
  PERCPU_HASH(5, "per-CPU hash"),
  PERCPU_ARRAY(6, "per-CPU array"),
  STACK_TRACE(7, "stack-trace map"),
  LRU_HASH(9, "LRU hash"),
  LRU_PERCPU_HASH(10, "LRU per-CPU hash");

  private final int id;
  private final String description;

  MapType(int id, String description) {
    this.id = id;
    this.description = description;
  }

  /** The kernel's number for this type. */
  int id() {
    return id;
  }

  /** Words for messages: "per-CPU hash". */
  String description() {
    return description;
  }

  /** Whether a lookup copies one value per possible CPU. */
  public boolean perCpu() {
    return this == PERCPU_HASH || this == PERCPU_ARRAY || this == LRU_PERCPU_HASH;
  }

  /** Whether every key below {@code max_entries} exists, and none can be deleted. */
  public boolean array() {
    return this == ARRAY || this == PERCPU_ARRAY;
  }

  /** The type numbered {@code id}, or null for one ebpf4j does not read (a ring buffer, ...). */
  static MapType of(int id) {
    for (MapType type : values()) {
      if (type.id == id) {
        return type;
      }
    }
    return null;
  }
}
