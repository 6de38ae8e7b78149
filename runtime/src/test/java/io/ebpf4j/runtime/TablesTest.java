package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening tables over {@link FakeLibbcc}, whose maps are all hashes of u32 to u64. */
class TablesTest {
  @TempDir Path tracefs;

  private final List<String> calls = new ArrayList<>();
  private final FakeLibbcc bcc = new FakeLibbcc(Set.of(), Set.of("counts", "stack_traces"), calls);

  private BpfModule module() {
    Platform platform =
        new Platform(new FakeKernel(true, Set.of(), tracefs), new RecordingLibc(calls), () -> bcc);
    return BpfModule.compile("the test's program", "", List.of(), platform);
  }

  @Test
  void unknownNameGetsDidYouMeanAndTheMapsThereAre() {
    try (BpfModule module = module()) {
      Ebpf4jException e =
          assertThrows(
              Ebpf4jException.class, () -> module.table("count", Integer.class, Long.class));
      assertEquals(
          "the test's program has no map named `count`; did you mean `counts`? Its maps: counts,"
              + " stack_traces",
          e.getMessage());
      e = assertThrows(Ebpf4jException.class, () -> module.table("zzz", Integer.class, Long.class));
      assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    }
  }

  @Test
  void sizeMismatchNamesBothSides() {
    try (BpfModule module = module()) {
      Ebpf4jException e =
          assertThrows(Ebpf4jException.class, () -> module.table("counts", Long.class, Long.class));
      assertEquals(
          "map `counts` of the test's program: the C declaration's key is 4 bytes (\"unsigned"
              + " int\"), but the Java key type, Long, is 8 bytes; describe the key with a Java"
              + " type of 4 bytes (Integer for a u32, Long for a u64, a record with the struct's"
              + " fields)",
          e.getMessage());
      e =
          assertThrows(
              Ebpf4jException.class, () -> module.table("counts", Integer.class, Integer.class));
      assertTrue(e.getMessage().contains("value is 8 bytes"), e.getMessage());
    }
  }

  @Test
  void aHashIsNotOpenedAsPerCpuOrStacks() {
    try (BpfModule module = module()) {
      Ebpf4jException e =
          assertThrows(
              Ebpf4jException.class, () -> module.perCpuTable("counts", Integer.class, Long.class));
      assertTrue(e.getMessage().contains("is a hash"), e.getMessage());
      assertTrue(e.getMessage().contains("table(name, keyType, valueType)"), e.getMessage());
      assertThrows(Ebpf4jException.class, () -> module.stackTraceTable("counts"));
    }
  }

  @Test
  void aClosedModulesTableFailsClearly() {
    BpfModule module = module();
    BpfTable<Integer, Long> counts = module.table("counts", Integer.class, Long.class);
    module.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> counts.get(1));
    assertEquals(
        "the test's program is closed, and map `counts` with it: read the map before closing the"
            + " module",
        e.getMessage());
    assertThrows(IllegalStateException.class, counts::entries);
    assertThrows(IllegalStateException.class, () -> counts.put(1, 2L));
    assertThrows(IllegalStateException.class, counts::clear);
    assertThrows(
        IllegalStateException.class, () -> module.table("counts", Integer.class, Long.class));
  }

  @Test
  void aKernelWithoutBatchLookupsIsReadByWalkingTheKeys() {
    try (BpfModule module = module()) {
      BpfTable<Integer, Long> counts = module.table("counts", Integer.class, Long.class);
      counts.put(1, 10L);
      counts.put(2, 20L);
      assertEquals(Map.of(1, 10L, 2, 20L), counts.entries());
      assertEquals(MapAccess.ReadPath.ITERATION, counts.access().lastReadPath());
      // Refused once, batches are not tried again.
      counts.entries();
      assertEquals(1, calls.stream().filter(c -> c.equals("lookup batch")).count());
      assertTrue(counts.delete(1));
      counts.clear();
      assertEquals(Map.of(), counts.entries());
    }
  }

  @Test
  void aFailedBatchIsANativeCallExceptionWithTheErrno() {
    bcc.batchErrno = 13; // EACCES
    try (BpfModule module = module()) {
      BpfTable<Integer, Long> counts = module.table("counts", Integer.class, Long.class);
      NativeCallException e = assertThrows(NativeCallException.class, counts::entries);
      assertEquals("bpf_lookup_batch", e.function());
      assertEquals(13, e.errno());
      assertTrue(e.getMessage().contains("map `counts`"), e.getMessage());
    }
  }
}
