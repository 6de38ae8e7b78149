package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Maps of the passthrough, read and written from Java: hand-written C counts this test's own
 * getppid() calls into each kind of map, and the test compares with the calls it made.
 */
@RequiresKernel
class MapsKernelTest {
  private static final long PID = ProcessHandle.current().pid();
  private static final int CALLS = 500;

  private static final String SOURCE =
      """
      struct key_t {
        u32 tid;
        char comm[16];
      };
      struct stats_t {
        u8 seen;
        u64 calls;
        u32 last_tid;
      };
      BPF_HASH(counts, u32, u64);
      BPF_HASH(by_thread, struct key_t, struct stats_t);
      BPF_ARRAY(slots, u64, 4);
      BPF_PERCPU_HASH(cpu_counts, u32, u64);
      BPF_PERCPU_ARRAY(cpu_slots, u64, 2);
      BPF_TABLE("lru_hash", u32, u64, recent, 16);
      BPF_TABLE("lru_percpu_hash", u32, u32, recent_cpu, 16);
      BPF_HASH(big, u64, u64, 10240);
      BPF_STACK_TRACE(stack_traces, 128);
      BPF_HASH(stack_of, u32, int);

      TRACEPOINT_PROBE(syscalls, sys_enter_getppid) {
        u64 id = bpf_get_current_pid_tgid();
        u32 pid = id >> 32;
        if (pid != TARGET_PID) {
          return 0;
        }
        counts.increment(pid);
        struct key_t key = {.tid = (u32) id};
        bpf_get_current_comm(&key.comm, sizeof(key.comm));
        struct stats_t zero = {};
        struct stats_t *stats = by_thread.lookup_or_try_init(&key, &zero);
        if (stats) {
          stats->seen = 1;
          __sync_fetch_and_add(&stats->calls, 1);
          stats->last_tid = (u32) id;
        }
        slots.increment(1);
        // By hand: bcc 0.26's increment() leaves a per-CPU hash empty.
        u64 *mine = cpu_counts.lookup(&pid);
        if (mine) {
          *mine += 1;
        } else {
          u64 one = 1;
          cpu_counts.update(&pid, &one);
        }
        int first = 0;
        u64 *slot = cpu_slots.lookup(&first);
        if (slot) {
          *slot += 1;
        }
        int stack = stack_traces.get_stackid(args, 0);
        stack_of.update(&pid, &stack);
        return 0;
      }
      """;

  record ThreadKey(int tid, @FixedSize(16) String comm) {}

  record Stats(byte seen, long calls, int lastTid) {}

  private static BpfModule module;
  private static int tid;

  @BeforeAll
  static void countOwnCalls() {
    module = BpfModule.compile(SOURCE, "-DTARGET_PID=" + PID);
    module.attachTracepoint(
        "tracepoint__syscalls__sys_enter_getppid", "syscalls:sys_enter_getppid");
    tid = NativeSupport.gettid();
    for (int i = 0; i < CALLS; i++) {
      NativeSupport.getppid();
    }
  }

  @AfterAll
  static void close() {
    module.close();
  }

  @Test
  void hashCountsTheCallsTheTestMade() {
    BpfTable<Integer, Long> counts = module.table("counts", Integer.class, Long.class);
    assertEquals(MapType.HASH, counts.type());
    assertEquals(Optional.of((long) CALLS), counts.get((int) PID));
    assertEquals(Map.of((int) PID, (long) CALLS), counts.entries());
    assertEquals(List.of((int) PID), counts.keys());
    assertEquals(Optional.empty(), counts.get(1));
  }

  @Test
  void recordKeysAndValuesAreTheCStructs() throws IOException {
    BpfTable<ThreadKey, Stats> byThread = module.table("by_thread", ThreadKey.class, Stats.class);
    String comm = Files.readString(Path.of("/proc/self/task/" + tid + "/comm")).strip();
    assertEquals(
        Map.of(new ThreadKey(tid, comm), new Stats((byte) 1, CALLS, tid)), byThread.entries());
  }

  @Test
  void layoutsDescribeTheSameBytes() {
    MemoryLayout stats =
        MemoryLayout.structLayout(
            ValueLayout.JAVA_BYTE.withName("seen"),
            MemoryLayout.paddingLayout(7),
            ValueLayout.JAVA_LONG.withName("calls"),
            ValueLayout.JAVA_INT.withName("last_tid"),
            MemoryLayout.paddingLayout(4));
    MemoryLayout key =
        MemoryLayout.structLayout(
            ValueLayout.JAVA_INT, MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE));
    BpfTable<MemorySegment, MemorySegment> raw = module.table("by_thread", key, stats);
    MemorySegment value = raw.entries().values().iterator().next();
    assertEquals(CALLS, value.get(ValueLayout.JAVA_LONG, 8));
  }

  @Test
  void arrayCountsAndIsZeroedByClear() {
    BpfTable<Integer, Long> slots = module.table("slots", Integer.class, Long.class);
    assertEquals(MapType.ARRAY, slots.type());
    assertEquals(List.of(0, 1, 2, 3), slots.keys());
    assertEquals(Optional.of((long) CALLS), slots.get(1));
    slots.put(3, 42L);
    assertEquals(Map.of(0, 0L, 1, (long) CALLS, 2, 0L, 3, 42L), slots.entries());
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> slots.delete(3));
    assertTrue(e.getMessage().contains("cannot be deleted"), e.getMessage());
    NativeCallException outOfRange =
        assertThrows(NativeCallException.class, () -> slots.put(4, 1L));
    assertEquals("bpf_update_elem", outOfRange.function());
    assertTrue(outOfRange.errno() != 0);
    // Not the array the other tests read: put back what clear() takes.
    slots.clear();
    assertEquals(Map.of(0, 0L, 1, 0L, 2, 0L, 3, 0L), slots.entries());
    slots.put(1, (long) CALLS);
  }

  @Test
  void perCpuMapsArePerCpuAndSummed() {
    int cpus = KernelCounters.possibleCpus();
    PerCpuTable<Integer, Long> hash = module.perCpuTable("cpu_counts", Integer.class, Long.class);
    assertEquals(cpus, hash.cpus());
    List<Long> perCpu = hash.get((int) PID).orElseThrow();
    assertEquals(cpus, perCpu.size());
    assertEquals(CALLS, perCpu.stream().mapToLong(Long::longValue).sum());
    assertEquals(CALLS, hash.sum((int) PID).orElseThrow());
    assertEquals(Map.of((int) PID, (long) CALLS), hash.sums());
    assertEquals(Map.of((int) PID, perCpu), hash.entries());

    PerCpuTable<Integer, Long> array = module.perCpuTable("cpu_slots", Integer.class, Long.class);
    assertEquals(MapType.PERCPU_ARRAY, array.type());
    assertEquals(Map.of(0, (long) CALLS, 1, 0L), array.sums());
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class, () -> module.table("cpu_slots", Integer.class, Long.class));
    assertTrue(e.getMessage().contains("perCpuTable"), e.getMessage());
  }

  @Test
  void eachCpusValueIsInItsOwnEightByteSlot() {
    // u32 values: the kernel keeps each CPU's at a multiple of 8 bytes, so CPU 1's is at 8.
    String source =
        """
        BPF_PERCPU_ARRAY(words, u32, 1);
        TRACEPOINT_PROBE(syscalls, sys_enter_getsid) {
          if ((bpf_get_current_pid_tgid() >> 32) != TARGET_PID) {
            return 0;
          }
          int first = 0;
          u32 *word = words.lookup(&first);
          if (word) {
            *word = 0x1000 + bpf_get_smp_processor_id();
          }
          return 0;
        }
        """;
    int cpus = KernelCounters.possibleCpus();
    int last = Runtime.getRuntime().availableProcessors() - 1;
    try (BpfModule own = BpfModule.compile(source, "-DTARGET_PID=" + PID)) {
      own.attachTracepoint("tracepoint__syscalls__sys_enter_getsid", "syscalls:sys_enter_getsid");
      NativeSupport.pinTo(last, cpus);
      try {
        NativeSupport.getsid();
      } finally {
        NativeSupport.pinTo(-1, cpus);
      }
      List<Integer> words =
          own.perCpuTable("words", Integer.class, Integer.class).get(0).orElseThrow();
      assertEquals(cpus, words.size());
      assertEquals(0x1000 + last, words.get(last), "CPU " + last + "'s value, of " + words);
    }
  }

  @Test
  void lruHashesRoundTrip() {
    BpfTable<Integer, Long> recent = module.table("recent", Integer.class, Long.class);
    assertEquals(MapType.LRU_HASH, recent.type());
    recent.put(7, 70L);
    recent.put(8, 80L);
    assertEquals(Map.of(7, 70L, 8, 80L), recent.entries());

    PerCpuTable<Integer, Integer> recentCpu =
        module.perCpuTable("recent_cpu", Integer.class, Integer.class);
    assertEquals(MapType.LRU_PERCPU_HASH, recentCpu.type());
    List<Integer> values = new java.util.ArrayList<>();
    for (int cpu = 0; cpu < recentCpu.cpus(); cpu++) {
      values.add(cpu + 1);
    }
    // u32 values: each CPU's slot is 8 bytes all the same, as the kernel rounds it up.
    recentCpu.put(5, values);
    assertEquals(values, recentCpu.get(5).orElseThrow());
    assertEquals(
        values.stream().mapToLong(Integer::longValue).sum(), recentCpu.sum(5).orElseThrow());
    assertTrue(recentCpu.delete(5));
    assertFalse(recentCpu.delete(5));
  }

  @Test
  void putDeleteAndClearRoundTrip() {
    BpfTable<Long, Long> big = module.table("big", Long.class, Long.class);
    big.put(1L, 10L);
    big.put(2L, 20L);
    assertEquals(Optional.of(20L), big.get(2L));
    big.put(2L, 21L);
    assertEquals(Optional.of(21L), big.get(2L));
    assertTrue(big.delete(1L));
    assertFalse(big.delete(1L));
    assertEquals(Map.of(2L, 21L), big.entries());
    big.clear();
    assertEquals(Map.of(), big.entries());
    assertEquals(List.of(), big.keys());
  }

  @Test
  void batchAndFallbackReadTheSameTenThousandKeys() {
    BpfTable<Long, Long> big = module.table("big", Long.class, Long.class);
    big.clear();
    Map<Long, Long> expected = new HashMap<>();
    for (long k = 0; k < 10_000; k++) {
      long key = k * 7919 + 3;
      big.put(key, key * 31);
      expected.put(key, key * 31);
    }
    try {
      Map<Long, Long> batched = big.entries();
      assertEquals(
          MapAccess.ReadPath.BATCH, big.access().lastReadPath(), "this kernel has batch lookups");
      big.access().batchReads(false);
      Map<Long, Long> walked = big.entries();
      assertEquals(MapAccess.ReadPath.ITERATION, big.access().lastReadPath());
      assertEquals(expected, batched);
      assertEquals(expected, walked);
    } finally {
      big.clear();
    }
  }

  @Test
  void stackTraceMapHoldsTheKernelStackOfTheCall() {
    StackTraceTable stacks = module.stackTraceTable("stack_traces");
    BpfTable<Integer, Integer> stackOf = module.table("stack_of", Integer.class, Integer.class);
    int stackId = stackOf.get((int) PID).orElseThrow();
    assertTrue(stackId >= 0, "get_stackid failed: " + stackId);
    List<Long> frames = stacks.get(stackId);
    assertFalse(frames.isEmpty(), "no frames in stack " + stackId);
    assertTrue(
        frames.stream().allMatch(a -> a < 0), "kernel addresses are in the upper half: " + frames);
    assertTrue(stacks.stackIds().contains(stackId));
    assertEquals(127, stacks.maxDepth());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> stacks.get(-14));
    assertTrue(e.getMessage().contains("get_stackid's error"), e.getMessage());
  }

  @Test
  void tablesLeaveNoDescriptorsAfterTheirModuleCloses() {
    List<String> before = NativeSupport.bpfDescriptors();
    BpfTable<Integer, Long> table;
    try (BpfModule own =
        BpfModule.compile("BPF_HASH(own, u32, u64); BPF_PERCPU_ARRAY(cpus, u64, 1);")) {
      table = own.table("own", Integer.class, Long.class);
      table.put(1, 2L);
      assertEquals(Map.of(1, 2L), table.entries());
      assertEquals(Map.of(0, 0L), own.perCpuTable("cpus", Integer.class, Long.class).sums());
    }
    assertEquals(before, NativeSupport.bpfDescriptors(), "BPF descriptors left after close");
    IllegalStateException e = assertThrows(IllegalStateException.class, table::keys);
    assertTrue(e.getMessage().contains("is closed"), e.getMessage());
  }

  @Test
  void mismatchAndUnknownNamesFailClearly() {
    Ebpf4jException e =
        assertThrows(Ebpf4jException.class, () -> module.table("counts", Long.class, Long.class));
    assertTrue(
        e.getMessage().contains("the C declaration's key is 4 bytes (\"unsigned int\")"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Long, is 8 bytes"), e.getMessage());
    e =
        assertThrows(
            Ebpf4jException.class, () -> module.table("by_thread", ThreadKey.class, Long.class));
    assertTrue(e.getMessage().contains("value is 24 bytes"), e.getMessage());
    e = assertThrows(Ebpf4jException.class, () -> module.table("count", Integer.class, Long.class));
    assertTrue(e.getMessage().contains("did you mean `counts`?"), e.getMessage());
    e =
        assertThrows(
            Ebpf4jException.class, () -> module.table("stack_traces", Integer.class, Long.class));
    assertTrue(e.getMessage().contains("stackTraceTable(name)"), e.getMessage());
  }
}
