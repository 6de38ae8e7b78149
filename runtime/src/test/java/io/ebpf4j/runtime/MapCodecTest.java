package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Keys and values as C lays them out, without a kernel. */
class MapCodecTest {
  record Key(int pid, @FixedSize(16) String comm) {}

  record Stats(byte flag, long total, short small, int last) {}

  record Nested(int id, Stats stats) {}

  record Raw(@FixedSize(3) byte[] bytes, char c) {}

  record Untold(String name) {}

  record HasObject(Object thing) {}

  @Test
  void boxedIntegersAreCScalars() {
    assertEquals(8, MapCodec.of(Long.class).size());
    assertEquals(4, MapCodec.of(Integer.class).size());
    assertEquals(2, MapCodec.of(Short.class).size());
    assertEquals(1, MapCodec.of(Byte.class).size());
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment at = arena.allocate(8);
      MapCodec.of(Long.class).write(-5L, at, 0);
      assertEquals(-5L, at.get(ValueLayout.JAVA_LONG, 0));
      assertEquals(-5L, MapCodec.of(Long.class).read(at, 0));
    }
  }

  @Test
  void recordIsTheStructAtNaturalAlignment() {
    // struct { u8 flag; u64 total; u16 small; u32 last; }: 0, 8, 16, 20; 24 bytes.
    RecordCodec<Stats> stats = RecordCodec.of(Stats.class);
    assertArrayEquals(new long[] {0, 8, 16, 20}, stats.offsets());
    assertEquals(24, stats.size());
    assertEquals(8, stats.alignment());
    // struct { u32 pid; char comm[16]; }: 20 bytes, aligned to 4.
    assertEquals(20, MapCodec.of(Key.class).size());
    // A nested struct is aligned to its widest member: id at 0, stats at 8, 32 bytes.
    RecordCodec<Nested> nested = RecordCodec.of(Nested.class);
    assertArrayEquals(new long[] {0, 8}, nested.offsets());
    assertEquals(32, nested.size());
    // char[3] then a u16: offset 4, size 6.
    assertEquals(6, MapCodec.of(Raw.class).size());
  }

  @Test
  void recordRoundTripsThroughTheBytesCWouldRead() {
    MapCodec<Stats> codec = MapCodec.of(Stats.class);
    Stats stats = new Stats((byte) 7, 1L << 40, (short) -2, 99);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment at = arena.allocate(codec.size() + 8);
      codec.write(stats, at, 8);
      assertEquals(1L << 40, at.get(ValueLayout.JAVA_LONG, 16), "total at offset 8 of the struct");
      assertEquals(99, at.get(ValueLayout.JAVA_INT, 28), "last at offset 20 of the struct");
      assertEquals(stats, codec.read(at, 8));
      Nested nested = new Nested(3, stats);
      MapCodec<Nested> nestedCodec = MapCodec.of(Nested.class);
      MemorySegment n = arena.allocate(nestedCodec.size());
      nestedCodec.write(nested, n, 0);
      assertEquals(nested, nestedCodec.read(n, 0));
    }
  }

  @Test
  void stringIsReadToItsNulAndWrittenPadded() {
    MapCodec<Key> codec = MapCodec.of(Key.class);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment at = arena.allocate(codec.size());
      at.fill((byte) 'x');
      codec.write(new Key(42, "java"), at, 0);
      assertEquals(0, at.get(ValueLayout.JAVA_BYTE, 4 + 4), "NUL after the string");
      assertEquals(0, at.get(ValueLayout.JAVA_BYTE, 4 + 15), "padded to the end");
      assertEquals(new Key(42, "java"), codec.read(at, 0));
      // A full array without NUL is read whole, as comm can be.
      codec.write(new Key(1, "0123456789abcdef"), at, 0);
      assertEquals("0123456789abcdef", codec.read(at, 0).comm());
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> codec.write(new Key(1, "0123456789abcdefg"), at, 0));
      assertTrue(e.getMessage().contains("@FixedSize(16)"), e.getMessage());
    }
  }

  @Test
  void byteArrayRoundTrips() {
    MapCodec<Raw> codec = MapCodec.of(Raw.class);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment at = arena.allocate(codec.size());
      codec.write(new Raw(new byte[] {1, 2, 3}, 'z'), at, 0);
      Raw back = codec.read(at, 0);
      assertArrayEquals(new byte[] {1, 2, 3}, back.bytes());
      assertEquals('z', back.c());
    }
  }

  @Test
  void aStringWithoutASizeIsRefusedNamingTheAnnotation() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MapCodec.of(Untold.class));
    assertTrue(e.getMessage().contains("Untold.name"), e.getMessage());
    assertTrue(e.getMessage().contains("@FixedSize"), e.getMessage());
  }

  @Test
  void typesWithoutACLayoutAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MapCodec.of(HasObject.class));
    assertTrue(e.getMessage().contains("HasObject.thing"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MapCodec.of(String.class));
    assertTrue(e.getMessage().contains("MemoryLayout"), e.getMessage());
  }

  @Test
  void layoutValuesAreHeapCopies() {
    MemoryLayout layout =
        MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("a"), ValueLayout.JAVA_INT.withName("b"));
    MapCodec<MemorySegment> codec = MapCodec.of(layout);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment at = arena.allocate(layout);
      at.set(ValueLayout.JAVA_INT, 4, 77);
      MemorySegment copy = codec.read(at, 0);
      at.set(ValueLayout.JAVA_INT, 4, 0);
      assertEquals(77, copy.get(ValueLayout.JAVA_INT, 4));
      assertThrows(IllegalArgumentException.class, () -> codec.write(arena.allocate(4), at, 0));
    }
  }
}
