package io.ebpf4j.processor.model;

import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.processor.format.ValueKind;

/**
 * The members of the {@link EventHeader} that starts every event, in order: the one table from
 * which the processor writes the C struct, the C that fills it, the decoder and the record's
 * context components. The offsets are {@link EventHeader}'s, which the runtime reads too; a test
 * checks that the members lie end to end up to {@link EventHeader#SIZE}.
 */
public enum HeaderField {
  TIMESTAMP(
      "timestamp_nanos", "timestampNanos", MemberType.scalar(ValueKind.LONG, true),
      EventHeader.TIMESTAMP_OFFSET, Input.TIMESTAMP, "%s",
      "{@code bpf_ktime_get_ns()} at %1$s: nanoseconds since boot, not counting suspend"),
  PROBE_ID(
      "probe_id", null, MemberType.scalar(ValueKind.INT, true),
      EventHeader.PROBE_ID_OFFSET, Input.PROBE_ID, "%s", null),
  PID(
      "pid", "pid", MemberType.scalar(ValueKind.INT, true),
      EventHeader.PID_OFFSET, Input.PID_TGID, "%s >> 32",
      "the %2$s process (thread group id)"),
  TID(
      "tid", "tid", MemberType.scalar(ValueKind.INT, true),
      EventHeader.TID_OFFSET, Input.PID_TGID, "(u32) %s", "the %2$s thread"),
  UID(
      "uid", "uid", MemberType.scalar(ValueKind.INT, true),
      EventHeader.UID_OFFSET, Input.UID_GID, "(u32) %s",
      "the %2$s thread's user id"),
  GID(
      "gid", "gid", MemberType.scalar(ValueKind.INT, true),
      EventHeader.GID_OFFSET, Input.UID_GID, "%s >> 32",
      "the %2$s thread's group id"),
  COMM(
      "comm", "comm", MemberType.fixedString(EventHeader.COMM_LENGTH),
      EventHeader.COMM_OFFSET, Input.COMM, null,
      "the %2$s thread's command name, at most " + (EventHeader.COMM_LENGTH - 1) + " bytes");

  /** Where the C gets a member's value; see {@code shape.CFragments.HeaderSources}. */
  public enum Input {
    /** {@code bpf_ktime_get_ns()}, now or at the call's entry. */
    TIMESTAMP,
    /** The probe's id, a constant. */
    PROBE_ID,
    /** {@code bpf_get_current_pid_tgid()}: the thread group id high, the thread id low. */
    PID_TGID,
    /** {@code bpf_get_current_uid_gid()}: the group id high, the user id low. */
    UID_GID,
    /** {@code bpf_get_current_comm()}, copied into the member. */
    COMM
  }

  private final String cName;
  private final String javaName;
  private final MemberType type;
  private final int offset;
  private final Input input;
  private final String conversion;
  private final String description;

  HeaderField(
      String cName,
      String javaName,
      MemberType type,
      int offset,
      Input input,
      String conversion,
      String description) {
    this.cName = cName;
    this.javaName = javaName;
    this.type = type;
    this.offset = offset;
    this.input = input;
    this.conversion = conversion;
    this.description = description;
  }

  /** The member of the C struct. */
  public String cName() {
    return cName;
  }

  /** The record component, or null for the probe id, which only the dispatcher reads. */
  public String javaName() {
    return javaName;
  }

  /** Whether the record has this member as a context component. */
  public boolean isComponent() {
    return javaName != null;
  }

  public MemberType type() {
    return type;
  }

  /** The {@link EventHeader} constant of {@link #offset()}, which the decoder names. */
  public String offsetConstant() {
    return name() + "_OFFSET";
  }

  /** The {@link EventHeader} constant of a string's capacity, which the decoder names. */
  public String lengthConstant() {
    return name() + "_LENGTH";
  }

  public int offset() {
    return offset;
  }

  /** Bytes in the event. */
  public int size() {
    return type.size(0);
  }

  public Input input() {
    return input;
  }

  /**
   * The C expression of the value from its input's ({@code %s >> 32}), a format of the
   * processor's own C; null for the comm, which is copied.
   */
  public String conversion() {
    return conversion;
  }

  /**
   * The component's Javadoc, at {@code moment} (entry, return, the hit) for a {@code subject}
   * (calling, current) process.
   */
  public String description(String moment, String subject) {
    return String.format(description, moment, subject);
  }
}
