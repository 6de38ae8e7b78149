package io.ebpf4j.api.internal;

/**
 * The fixed start of every event a generated BPF program writes; the probe's own fields follow at
 * {@link #SIZE}, each aligned to its size. The processor writes the C struct and the Java decoder
 * from these numbers, and the C asserts them with {@code _Static_assert}, so the two cannot drift.
 *
 * <pre>
 *   offset  size  C                      Java
 *        0     8  u64 timestamp_nanos    long timestampNanos   bpf_ktime_get_ns()
 *        8     4  u32 probe_id           (which handler)
 *       12     4  u32 pid                int pid               the thread group id
 *       16     4  u32 tid                int tid
 *       20     4  u32 uid                int uid
 *       24     4  u32 gid                int gid
 *       28    16  char comm[16]          String comm           bpf_get_current_comm()
 * </pre>
 */
public final class EventHeader {
  public static final int TIMESTAMP_OFFSET = 0;
  public static final int PROBE_ID_OFFSET = 8;
  public static final int PID_OFFSET = 12;
  public static final int TID_OFFSET = 16;
  public static final int UID_OFFSET = 20;
  public static final int GID_OFFSET = 24;
  public static final int COMM_OFFSET = 28;
  /** {@code TASK_COMM_LEN} in the kernel's {@code include/linux/sched.h}. */
  public static final int COMM_LENGTH = 16;
  /** Where the probe's own fields begin. */
  public static final int SIZE = COMM_OFFSET + COMM_LENGTH;

  private EventHeader() {}
}
