package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The consumer's side of the ring-buffer protocol, over plain memory: no kernel needed. */
class MappedRingBufferTest {
  private final FakeRing ring = new FakeRing(FakeRing.PAGE);
  private MappedRingBuffer reader = ring.reader(timeout -> true);
  private final List<String> seen = new ArrayList<>();

  private long drain() {
    return reader.drain(
        r -> seen.add(new String(r.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void deliversSubmittedRecordsInOrderAndSkipsDiscardedOnes() {
    ring.write(bytes("one"), 0);
    ring.write(bytes("gone"), FakeRing.DISCARD);
    ring.write(bytes("three"), 0);

    assertEquals(2, drain());
    assertEquals(List.of("one", "three"), seen);
    assertEquals(3 * 16, ring.consumerPos(), "the space of all three is given back");
  }

  @Test
  void aRecordThatWrapsAroundTheEndArrivesWhole() {
    ring.startAt(FakeRing.PAGE - 8); // the next record's header fills the last 8 bytes
    reader = ring.reader(timeout -> true); // a reader starts at the published position
    ring.write(bytes("across the end"), 0);

    assertEquals(1, drain());
    assertEquals(List.of("across the end"), seen);
  }

  @Test
  void aRecordWhoseDataRunsPastTheEndArrivesWholeAndInOrder() {
    ring.startAt(FakeRing.PAGE - 16); // header in the last 16 bytes, then 8 bytes of data
    reader = ring.reader(timeout -> true);
    ring.write(bytes("0123456789abcdefghij"), 0); // 8 bytes before the end, 12 after
    ring.write(bytes("next"), 0);

    assertEquals(2, drain());
    assertEquals(List.of("0123456789abcdefghij", "next"), seen);
  }

  @Test
  void aLongerRecordWrappingOnALaterLapArrivesWholeToo() {
    FakeRing big = new FakeRing(4 * FakeRing.PAGE);
    big.startAt(4 * FakeRing.PAGE - 16);
    MappedRingBuffer bigReader = big.reader(timeout -> true);
    List<String> got = new ArrayList<>();
    MappedRingBuffer.RecordSink sink =
        r -> got.add(new String(r.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
    big.write(bytes("short wrap"), 0);
    assertEquals(1, bigReader.drain(sink));
    String longer = "x".repeat(100) + "y".repeat(9000) + "z"; // more than the first copy held
    big.startAt(8 * FakeRing.PAGE - 16); // the next lap, with nothing left unread
    bigReader = big.reader(timeout -> true);
    big.write(bytes(longer), 0);

    assertEquals(1, bigReader.drain(sink));
    assertEquals(List.of("short wrap", longer), got);
  }

  @Test
  void aReservedRecordHoldsBackTheRecordsAfterItUntilSubmitted() {
    ring.write(bytes("first"), 0);
    long reserved = ring.write(bytes("second"), FakeRing.BUSY);
    ring.write(bytes("third"), 0);

    assertEquals(1, drain());
    assertTrue(reader.stoppedAtUnsubmitted());
    assertEquals(reserved, ring.consumerPos(), "consumed up to the reserved record");

    ring.submit(reserved);
    assertEquals(2, drain());
    assertFalse(reader.stoppedAtUnsubmitted());
    assertEquals(List.of("first", "second", "third"), seen);
  }

  @Test
  void aRecordNeverSubmittedCanBeSteppedOver() {
    ring.write(bytes("stuck"), FakeRing.BUSY);
    ring.write(bytes("after"), 0);

    assertEquals(0, drain());
    reader.skipUnsubmitted();
    assertEquals(1, drain());
    assertEquals(List.of("after"), seen);
    assertEquals(2 * 16, ring.consumerPos());
  }
}
