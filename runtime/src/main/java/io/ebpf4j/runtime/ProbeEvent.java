package io.ebpf4j.runtime;

import io.ebpf4j.api.EventStacks;
import io.ebpf4j.api.StackTrace;
import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.runtime.EventSchema.Getter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * One event of a {@link Probe} named at run time: its context (who, when) as methods, and its
 * fields by name, with the types the running kernel's format gives them.
 *
 * <pre>{@code
 * ProbeRuntime.attach(Probe.syscall("bind"),
 *     e -> System.out.println(e.comm() + " fd=" + e.getInt("fd")));
 * }</pre>
 *
 * <p>An event holds a copy of its bytes and, if its probe takes stacks, their {@link EventStacks}:
 * its getters read the bytes at the offsets fixed when the probe started, a string or array is
 * decoded only when asked for, and a stack is resolved on its first call. It stays valid after the
 * handler returns (resolve the stacks while the session runs).
 *
 * <p>The integer getters read a field of their width or narrower, as Java widens: {@code
 * getLong} reads every integer, {@code getInt} an {@code int}, {@code short} or {@code byte}; a
 * narrower field is sign-extended if its C type is signed, zero-extended if it is unsigned. A
 * field that is not there, or that the getter cannot return, throws {@link
 * IllegalArgumentException} naming the field or the getter meant.
 */
public final class ProbeEvent {
  private static final VarHandle SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final EventSchema schema;
  private final byte[] bytes;
  private final EventStacks stacks;

  /** An event of a probe without stacks. */
  ProbeEvent(EventSchema schema, byte[] bytes) {
    this(schema, bytes, EventStacks.NONE);
  }

  ProbeEvent(EventSchema schema, byte[] bytes, EventStacks stacks) {
    this.schema = schema;
    this.bytes = bytes;
    this.stacks = stacks;
  }

  /**
   * The call stacks its probe captured ({@link Probe#withStacks}), by id; {@link EventStacks#NONE}
   * if it takes none.
   */
  public EventStacks stacks() {
    return stacks;
  }

  /**
   * The kernel stack at the probe, innermost first, resolved to symbols on the first call and
   * cached; a probe without {@code Stack.KERNEL} gives {@link StackTrace#none}, saying so.
   */
  public StackTrace kernelStack() {
    return stacks.kernel();
  }

  /** The user stack of the thread the probe hit, as {@link #kernelStack()}. */
  public StackTrace userStack() {
    return stacks.user();
  }

  /** The probe this event comes from. */
  public Probe probe() {
    return schema.probe();
  }

  /** Its fields after the context, in the order of the format. */
  public List<EventField> fields() {
    return schema.fields();
  }

  /** {@code bpf_ktime_get_ns()} at the event (a call's entry): nanoseconds since boot. */
  public long timestampNanos() {
    return (long) LONG.get(bytes, HeaderField.TIMESTAMP.offset());
  }

  /** The process (thread group id). */
  public int pid() {
    return (int) INT.get(bytes, HeaderField.PID.offset());
  }

  /** The thread. */
  public int tid() {
    return (int) INT.get(bytes, HeaderField.TID.offset());
  }

  /** The thread's user id. */
  public int uid() {
    return (int) INT.get(bytes, HeaderField.UID.offset());
  }

  /** The thread's group id. */
  public int gid() {
    return (int) INT.get(bytes, HeaderField.GID.offset());
  }

  /** The thread's command name, at most {@code EventHeader.COMM_LENGTH - 1} bytes. */
  public String comm() {
    return cString(HeaderField.COMM.offset(), EventHeader.COMM_LENGTH);
  }

  /** The integer field {@code name}. */
  public long getLong(String name) {
    return integer(schema.field(name, Getter.LONG));
  }

  /** The field {@code name}: an {@code int}, {@code short} or {@code byte}. */
  public int getInt(String name) {
    return (int) integer(schema.field(name, Getter.INT));
  }

  /** The field {@code name}: a {@code short} or {@code byte}. */
  public short getShort(String name) {
    return (short) integer(schema.field(name, Getter.SHORT));
  }

  /** The field {@code name}: a {@code byte}. */
  public byte getByte(String name) {
    return (byte) integer(schema.field(name, Getter.BYTE));
  }

  /** The {@code bool} field {@code name}. */
  public boolean getBoolean(String name) {
    return bytes[schema.field(name, Getter.BOOLEAN).offset()] != 0;
  }

  /** The string field {@code name}: its bytes up to the first NUL, as UTF-8. */
  public String getString(String name) {
    EventField field = schema.field(name, Getter.STRING);
    return cString(field.offset(), field.capacity());
  }

  /** The bytes of the array field {@code name}, as the kernel wrote them. */
  public byte[] getBytes(String name) {
    EventField field = schema.field(name, Getter.BYTES);
    return Arrays.copyOfRange(bytes, field.offset(), field.offset() + field.capacity());
  }

  /**
   * The field {@code name} as its {@linkplain EventField#javaType() Java type}, boxed: a {@code
   * Long} for a {@code long}, a {@code String}, an {@code int[]}.
   */
  public Object get(String name) {
    return value(schema.field(name, Getter.VALUE));
  }

  private Object value(EventField field) {
    MemberType type = field.type();
    return switch (type.shape()) {
      case STRING -> cString(field.offset(), field.capacity());
      case ARRAY -> array(field);
      case SCALAR -> switch (type.kind()) {
        case BOOLEAN -> bytes[field.offset()] != 0;
        case BYTE -> bytes[field.offset()];
        case SHORT -> (short) SHORT.get(bytes, field.offset());
        case INT -> (int) INT.get(bytes, field.offset());
        case LONG -> (long) LONG.get(bytes, field.offset());
      };
    };
  }

  private Object array(EventField field) {
    MemorySegment slice = MemorySegment.ofArray(bytes).asSlice(field.offset(), field.capacity());
    return switch (field.type().kind()) {
      case BOOLEAN, BYTE -> slice.toArray(ValueLayout.JAVA_BYTE);
      case SHORT -> slice.toArray(ValueLayout.JAVA_SHORT_UNALIGNED);
      case INT -> slice.toArray(ValueLayout.JAVA_INT_UNALIGNED);
      case LONG -> slice.toArray(ValueLayout.JAVA_LONG_UNALIGNED);
    };
  }

  /** A scalar, widened as C widens its type: sign-extended if signed, else zero-extended. */
  private long integer(EventField field) {
    int offset = field.offset();
    boolean unsigned = field.type().unsigned();
    ValueKind kind = field.type().kind();
    return switch (kind) {
      case BOOLEAN, BYTE -> unsigned ? bytes[offset] & 0xffL : bytes[offset];
      case SHORT -> {
        short value = (short) SHORT.get(bytes, offset);
        yield unsigned ? value & 0xffffL : value;
      }
      case INT -> {
        int value = (int) INT.get(bytes, offset);
        yield unsigned ? value & 0xffff_ffffL : value;
      }
      case LONG -> (long) LONG.get(bytes, offset);
    };
  }

  /** The bytes at {@code offset} up to the first NUL or {@code capacity}, as UTF-8. */
  private String cString(int offset, int capacity) {
    int length = 0;
    while (length < capacity && bytes[offset + length] != 0) {
      length++;
    }
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * {@code pid=42 tid=42 comm=java fd=3 umyaddr=0x7f... addrlen=16}: the context, then each field
   * as {@code name=value}, pointers in hex, as bcc's {@code trace} prints them.
   */
  @Override
  public String toString() {
    StringJoiner line = new StringJoiner(" ");
    line.add("pid=" + pid()).add("tid=" + tid()).add("comm=" + comm());
    for (EventField field : fields()) {
      line.add(field.name() + "=" + text(field));
    }
    return line.toString();
  }

  /** One field's value as {@link #toString()} prints it. */
  public String text(String name) {
    return text(schema.field(name, Getter.VALUE));
  }

  private String text(EventField field) {
    Object value = value(field);
    return switch (value) {
      case Long l when field.cType().contains("*") -> "0x" + Long.toHexString(l);
      case byte[] a -> Arrays.toString(a);
      case short[] a -> Arrays.toString(a);
      case int[] a -> Arrays.toString(a);
      case long[] a -> Arrays.toString(a);
      default -> String.valueOf(value);
    };
  }
}
