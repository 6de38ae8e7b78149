package io.ebpf4j.runtime;

import static java.lang.invoke.MethodType.methodType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A record as the C struct of its components, in order, each at its natural alignment, the struct
 * padded to its widest member, as a C compiler lays out {@code struct { u32 pid; u64 ns; }} (pid at
 * 0, ns at 8, 16 bytes).
 *
 * <p>Reflection runs once, when the codec is made: each accessor and the canonical constructor
 * become {@link MethodHandle}s then, and reading an entry only calls them. A record that is not
 * public, or lives in a module that does not open its package, is opened with {@code
 * setAccessible}.
 */
final class RecordCodec<R> implements MapCodec<R> {
  private final Class<R> type;
  private final Member[] members;

  /** {@code (Object[]) -> Object}: the canonical constructor, spread. */
  private final MethodHandle constructor;

  private final long size;
  private final long alignment;

  /** One component: where it sits, how it is coded, and its accessor as {@code (Object)Object}. */
  private record Member(String name, long offset, MapCodec<Object> codec, MethodHandle accessor) {}

  private RecordCodec(
      Class<R> type, Member[] members, MethodHandle constructor, long size, long alignment) {
    this.type = type;
    this.members = members;
    this.constructor = constructor;
    this.size = size;
    this.alignment = alignment;
  }

  static <R> RecordCodec<R> of(Class<R> type) {
    RecordComponent[] components = type.getRecordComponents();
    if (components.length == 0) {
      throw new IllegalArgumentException(
          "record "
              + type.getName()
              + " has no components: a map's key or value needs at least one");
    }
    List<Member> members = new ArrayList<>();
    long offset = 0;
    long alignment = 1;
    try {
      for (RecordComponent component : components) {
        MapCodec<Object> codec = componentCodec(type, component);
        offset = align(offset, codec.alignment());
        var accessor = component.getAccessor();
        accessor.setAccessible(true);
        MethodHandle handle =
            MethodHandles.lookup()
                .unreflect(accessor)
                .asType(methodType(Object.class, Object.class));
        members.add(new Member(component.getName(), offset, codec, handle));
        offset += codec.size();
        alignment = Math.max(alignment, codec.alignment());
      }
      Class<?>[] parameters =
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
      Constructor<R> canonical = type.getDeclaredConstructor(parameters);
      canonical.setAccessible(true);
      MethodHandle constructor =
          MethodHandles.lookup()
              .unreflectConstructor(canonical)
              .asSpreader(Object[].class, components.length)
              .asType(methodType(Object.class, Object[].class));
      return new RecordCodec<>(
          type, members.toArray(Member[]::new), constructor, align(offset, alignment), alignment);
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e instanceof IllegalArgumentException bad) {
        throw bad;
      }
      throw new IllegalArgumentException(
          "cannot read or write record "
              + type.getName()
              + " ("
              + e
              + "): if it is in a named module, open its package to io.ebpf4j.runtime",
          e);
    }
  }

  @SuppressWarnings("unchecked")
  private static MapCodec<Object> componentCodec(Class<?> record, RecordComponent component) {
    Class<?> type = component.getType();
    PrimitiveCodec primitive = PrimitiveCodec.primitive(type);
    if (primitive != null) {
      return primitive;
    }
    if (type.isRecord()) {
      return (MapCodec<Object>) (MapCodec<?>) of(type);
    }
    if (type == byte[].class || type == String.class) {
      FixedSize fixed = component.getAnnotation(FixedSize.class);
      if (fixed == null || fixed.value() <= 0) {
        throw new IllegalArgumentException(
            record.getName()
                + "."
                + component.getName()
                + " is a "
                + type.getSimpleName()
                + " without a size: annotate it with @FixedSize(n), n the length of the C array"
                + " (16 for char comm[16])");
      }
      return (MapCodec<Object>) (MapCodec<?>) new ArrayCodec(fixed.value(), type == String.class);
    }
    throw new IllegalArgumentException(
        record.getName()
            + "."
            + component.getName()
            + " is a "
            + type.getName()
            + ": a record that describes a map's key or value may hold primitives, @FixedSize"
            + " byte[] and String, and such records");
  }

  static long align(long offset, long alignment) {
    return (offset + alignment - 1) / alignment * alignment;
  }

  /** The offset of each component, in order, for tests and messages. */
  long[] offsets() {
    return Arrays.stream(members).mapToLong(Member::offset).toArray();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public long alignment() {
    return alignment;
  }

  @Override
  public R read(MemorySegment from, long offset) {
    Object[] values = new Object[members.length];
    for (int i = 0; i < members.length; i++) {
      values[i] = members[i].codec().read(from, offset + members[i].offset());
    }
    try {
      return type.cast((Object) constructor.invokeExact(values));
    } catch (Throwable t) {
      throw Downcalls.rethrow(t);
    }
  }

  @Override
  public void write(R value, MemorySegment to, long offset) {
    for (Member member : members) {
      Object component;
      try {
        component = (Object) member.accessor().invokeExact((Object) value);
      } catch (Throwable t) {
        throw Downcalls.rethrow(t);
      }
      if (component == null) {
        throw new NullPointerException(type.getSimpleName() + "." + member.name() + " is null");
      }
      member.codec().write(component, to, offset + member.offset());
    }
  }

  @Override
  public String javaType() {
    return "record " + type.getSimpleName();
  }

  /** A C {@code char[n]} or {@code u8[n]}: a {@code byte[]} or a NUL-padded UTF-8 string. */
  private record ArrayCodec(int length, boolean string) implements MapCodec<Object> {
    @Override
    public long size() {
      return length;
    }

    @Override
    public long alignment() {
      return 1;
    }

    @Override
    public Object read(MemorySegment from, long offset) {
      byte[] bytes = new byte[length];
      MemorySegment.copy(from, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
      if (!string) {
        return bytes;
      }
      int end = 0;
      while (end < length && bytes[end] != 0) {
        end++;
      }
      return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void write(Object value, MemorySegment to, long offset) {
      byte[] bytes = string ? ((String) value).getBytes(StandardCharsets.UTF_8) : (byte[]) value;
      if (bytes.length > length) {
        throw new IllegalArgumentException(
            (string ? "string \"" + value + "\" is " : "array is ")
                + bytes.length
                + " bytes, more than the @FixedSize("
                + length
                + ") C array holds");
      }
      MemorySegment.copy(bytes, 0, to, ValueLayout.JAVA_BYTE, offset, bytes.length);
      to.asSlice(offset + bytes.length, length - bytes.length).fill((byte) 0);
    }

    @Override
    public String javaType() {
      return (string ? "String" : "byte[]") + "[" + length + "]";
    }
  }
}
