package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SyscallBcc} without a kernel: what it hands the kernel for each call, and that it asks
 * bcc only for what needs bcc, or to retry what the kernel refused.
 */
class SyscallBccTest {
  private static final String TRACEPOINT_ID = "events/syscalls/sys_enter_getsid/id";

  @TempDir Path tracefs;
  @TempDir Path eventSources;

  private final FakeBpfSyscalls sys = new FakeBpfSyscalls();
  private final List<String> bccCalls = new ArrayList<>();
  private final FakeLibbcc fakeBcc = new FakeLibbcc(Set.of(), Set.of(), bccCalls);
  private int bccLinks;
  private SyscallBcc bcc;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(tracefs.resolve(TRACEPOINT_ID).getParent());
    Files.writeString(tracefs.resolve(TRACEPOINT_ID), "321\n");
    for (String pmu : List.of("kprobe", "uprobe")) {
      Files.createDirectories(eventSources.resolve(pmu).resolve("format"));
      Files.writeString(eventSources.resolve(pmu).resolve("type"), pmu.equals("kprobe") ? "6\n" : "7\n");
      Files.writeString(eventSources.resolve(pmu).resolve("format/retprobe"), "config:0\n");
    }
    bcc =
        new SyscallBcc(
            sys,
            () -> tracefs,
            eventSources,
            () -> {
              bccLinks++;
              return fakeBcc;
            });
  }

  @Test
  void tracepointIsAPerfEventOfItsIdWithTheProgramSetAndEnabled() {
    int fd = bcc.attachTracepoint(9, "syscalls", "sys_enter_getsid", errno -> "no");
    assertEquals(List.of("perf_event_open", "ioctl 40042408", "ioctl 2400"), sys.names());
    FakeBpfSyscalls.Call open = sys.calls.get(0);
    assertEquals(2, open.attrInt(0), "PERF_TYPE_TRACEPOINT");
    assertEquals(112, open.attrInt(4), "attr size");
    assertEquals(321, open.attrLong(8), "config: the tracepoint's id");
    assertEquals(1, open.attrLong(16), "sample_period");
    assertEquals(1 << 10, open.attrLong(24), "PERF_SAMPLE_RAW");
    assertEquals(1, open.attrInt(48), "wakeup_events");
    assertEquals(List.of(-1L, 0L, -1L, 8L), List.of(open.arguments()[0], open.arguments()[1], open.arguments()[2], open.arguments()[3]));
    assertEquals(List.of((long) fd, 9L), List.of(sys.calls.get(1).arguments()[0], sys.calls.get(1).arguments()[1]));
    assertEquals(0, bccLinks, "libbcc linked for a tracepoint");
  }

  @Test
  void refusedTracepointClosesItsEventAndIsRetriedByBcc() {
    sys.results.put("ioctl 40042408", (long) -FakeLibbcc.EINVAL);
    bcc.attachTracepoint(9, "syscalls", "sys_enter_getsid", errno -> "no");
    assertEquals(List.of("perf_event_open", "ioctl 40042408", "close"), sys.names());
    assertEquals(List.of("attach tracepoint syscalls:sys_enter_getsid -> 100"), bccCalls);
  }

  @Test
  void uretprobeWithASemaphoreSetsTheReturnBitOffsetsAndPath() {
    bcc.attachUprobe(9, false, "ebpf4j_u_x", "/usr/bin/true", 0x1234, 4242, 0x80, errno -> "no");
    FakeBpfSyscalls.Call open = sys.only("perf_event_open");
    assertEquals(7, open.attrInt(0), "the uprobe PMU's type");
    assertEquals(0x80L << 32, open.attrLong(8), "config: ref_ctr_offset above bit 32, no return bit");
    assertEquals("/usr/bin/true", open.text());
    assertEquals(0x1234, open.attrLong(64), "config2: the offset");
    assertEquals(List.of(4242L, -1L), List.of(open.arguments()[0], open.arguments()[1]));
    sys.calls.clear();
    bcc.attachUprobe(9, true, "ebpf4j_r_x", "/usr/bin/true", 0x10, -1, 0, errno -> "no");
    open = sys.only("perf_event_open");
    assertEquals(1, open.attrLong(8), "config: the retprobe bit");
    assertEquals(List.of(-1L, 0L), List.of(open.arguments()[0], open.arguments()[1]));
    assertEquals(0, bccLinks);
  }

  @Test
  void kprobeGoesThroughThePmu() {
    bcc.attachKprobe(9, false, "ebpf4j_p_f", "do_sys_open", 0, errno -> "no");
    FakeBpfSyscalls.Call open = sys.only("perf_event_open");
    assertEquals(6, open.attrInt(0));
    assertEquals("do_sys_open", open.text());
    assertEquals(Set.of("ebpf4j_p_f"), bcc.directProbes());
    assertEquals(0, bccLinks);
  }

  /**
   * bcc's kprobe_events line, made here: a cached start of kretprobes once linked libbcc for it
   * (every annotated kretprobe has a maxactive).
   */
  @Test
  void kretprobeWithMaxActiveIsMadeInKprobeEventsAndAttachedAsItsTracepoint() throws IOException {
    String listed = KretprobeEvents.listedName("ebpf4j_r_f");
    Files.createDirectories(tracefs.resolve("events/kprobes").resolve(listed));
    Files.writeString(tracefs.resolve("events/kprobes").resolve(listed).resolve("id"), "2024\n");
    Files.writeString(tracefs.resolve("kprobe_events"), "");
    bcc.attachKprobe(9, true, "ebpf4j_r_f", "do_sys_open", 20, errno -> "no");
    assertEquals(
        "r20:kprobes/" + listed + " do_sys_open\n", Files.readString(tracefs.resolve("kprobe_events")));
    FakeBpfSyscalls.Call open = sys.only("perf_event_open");
    assertEquals(2, open.attrInt(0), "PERF_TYPE_TRACEPOINT");
    assertEquals(2024, open.attrLong(8), "config: the listed event's id");
    assertEquals(Set.of("ebpf4j_r_f"), bcc.directProbes());
    bcc.detachKprobe("ebpf4j_r_f");
    assertEquals(
        "r20:kprobes/" + listed + " do_sys_open\n-:kprobes/" + listed + "\n",
        Files.readString(tracefs.resolve("kprobe_events")));
    assertEquals(0, bccLinks, "libbcc linked for a kretprobe");
  }

  @Test
  void kretprobeTheKernelDoesNotListIsRemovedAndRetriedByBcc() throws IOException {
    Files.writeString(tracefs.resolve("kprobe_events"), "");
    bcc.attachKprobe(9, true, "ebpf4j_r_f", "do_sys_open", 20, errno -> "no");
    String listed = KretprobeEvents.listedName("ebpf4j_r_f");
    assertEquals(
        "r20:kprobes/" + listed + " do_sys_open\n-:kprobes/" + listed + "\n",
        Files.readString(tracefs.resolve("kprobe_events")));
    assertEquals(List.of("attach kretprobe do_sys_open as ebpf4j_r_f -> 100"), bccCalls);
    assertEquals(Set.of(), bcc.directProbes());
  }

  @Test
  void kernelWithoutAProbePmuAttachesThroughBcc() throws IOException {
    Files.delete(eventSources.resolve("uprobe/type"));
    bcc.attachUprobe(9, false, "ebpf4j_p_x", "/usr/bin/true", 0x10, -1, 0, errno -> "no");
    assertEquals(List.of(), sys.names());
    assertEquals(List.of("attach uprobe /usr/bin/true+16 as ebpf4j_p_x -> 100"), bccCalls);
  }

  @Test
  void onlyProbesBccMadeAreDetachedThroughIt() {
    bcc.attachUprobe(9, false, "ebpf4j_p_direct", "/usr/bin/true", 0x10, -1, 0, errno -> "no");
    bcc.detachUprobe("ebpf4j_p_direct");
    assertEquals(0, bccLinks);
    bcc.detachUprobe("ebpf4j_p_listed");
    assertEquals(List.of("detach uprobe ebpf4j_p_listed"), bccCalls);
  }

  @Test
  void perfEventIsSampledAtAFrequencyOnItsCpu() {
    int fd = bcc.attachPerfEvent(9, 1, 0, 49, 1, errno -> "no");
    FakeBpfSyscalls.Call open = sys.only("perf_event_open");
    assertEquals(List.of(1, 0), List.of(open.attrInt(0), (int) open.attrLong(8)), "PERF_TYPE_SOFTWARE, CPU clock");
    assertEquals(49, open.attrLong(16), "sample_freq");
    assertEquals(1 << 10, open.attrLong(40), "the freq bit, nothing else");
    assertEquals(List.of(-1L, 1L, -1L, 8L), List.of(open.arguments()[0], open.arguments()[1], open.arguments()[2], open.arguments()[3]));
    assertEquals(List.of("perf_event_open", "ioctl 40042408", "ioctl 2400"), sys.names());
    assertTrue(fd >= 0);
    sys.results.put("perf_event_open", -2L);
    NativeCallException e =
        assertThrows(NativeCallException.class, () -> bcc.attachPerfEvent(9, 1, 0, 49, 1, errno -> "no such event " + errno));
    assertTrue(e.getMessage().contains("bpf_attach_perf_event") && e.getMessage().contains("no such event 2"), e.getMessage());
    assertEquals(0, bccLinks);
  }

  @Test
  void closingAPerfEventDisablesThenClosesIt() {
    assertEquals(0, bcc.closePerfEvent(77));
    assertEquals(List.of("ioctl 2401", "close"), sys.names());
    sys.results.put("close", (long) -9);
    assertEquals(9, bcc.closePerfEvent(77));
  }

  @Test
  void mapElementCallsPassFdKeyValueAndFlags() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(4);
      MemorySegment value = arena.allocate(8);
      bcc.update(5, key, value, 2, "cannot update");
      FakeBpfSyscalls.Call update = sys.only("bpf 2");
      assertEquals(5, update.attrInt(0));
      assertEquals(key.address(), update.attrLong(8));
      assertEquals(value.address(), update.attrLong(16));
      assertEquals(2, update.attrLong(24));
      assertEquals(32, update.attr().length);

      sys.results.put("bpf 1", (long) -Libc.ENOENT);
      assertFalse(bcc.lookupIfPresent(5, key, value, "cannot look up"));
      sys.results.put("bpf 1", (long) -FakeLibbcc.EINVAL);
      NativeCallException e =
          assertThrows(NativeCallException.class, () -> bcc.lookupIfPresent(5, key, value, "cannot look up"));
      assertTrue(e.getMessage().contains("bpf_lookup_elem"), e.getMessage());
      assertTrue(e.getMessage().contains("cannot look up"), e.getMessage());

      sys.results.put("bpf 4", (long) -Libc.ENOENT);
      assertFalse(bcc.nextKey(5, MemorySegment.NULL, key, "cannot walk"));
      assertEquals(0, sys.calls.get(sys.calls.size() - 1).attrLong(8), "NULL key: the first");
    }
    assertEquals(0, bccLinks);
  }

  @Test
  void batchAndObjectInfoCopyTheirLengthsBack() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
      count.set(ValueLayout.JAVA_INT, 0, 64);
      sys.results.put("bpf 24", (long) -Libc.ENOENT);
      assertEquals(Libc.ENOENT, bcc.lookupBatch(5, MemorySegment.NULL, arena.allocate(4), arena.allocate(256), arena.allocate(512), count));
      FakeBpfSyscalls.Call batch = sys.only("bpf 24");
      assertEquals(64, batch.attrInt(32));
      assertEquals(5, batch.attrInt(36));
      assertEquals(56, batch.attr().length);

      MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
      length.set(ValueLayout.JAVA_INT, 0, 80);
      bcc.objectInfo(6, arena.allocate(80), length, "no info");
      FakeBpfSyscalls.Call info = sys.only("bpf 15");
      assertEquals(List.of(6, 80), List.of(info.attrInt(0), info.attrInt(4)));
    }
  }

  @Test
  void mapAndProgramNamesAreCutToTheKernels15Characters() {
    bcc.createMap(1, "a_very_long_map_name", 4, 8, 1024, 0, errno -> "no");
    FakeBpfSyscalls.Call create = sys.only("bpf 0");
    assertEquals(List.of(1, 4, 8, 1024), List.of(create.attrInt(0), create.attrInt(4), create.attrInt(8), create.attrInt(12)));
    assertEquals("a_very_long_map", MemorySegment.ofArray(create.attr()).asSlice(28, 16).getString(0));

    byte[] code = new byte[16];
    Libbcc.Loaded loaded = bcc.loadProgram(5, "on_getsid", code, "GPL", 0x60100, 1 << 16);
    FakeBpfSyscalls.Call load = sys.only("bpf 5");
    assertEquals(List.of(5, 2), List.of(load.attrInt(0), load.attrInt(4)));
    assertEquals("GPL", load.text());
    assertEquals(0x60100, load.attrInt(40));
    assertEquals("on_getsid", MemorySegment.ofArray(load.attr()).asSlice(48, 16).getString(0));
    assertEquals(0, load.attrInt(24), "no log: the first try verifies without one");
    assertTrue(loaded.fd() >= 0);
    assertEquals(0, bccLinks);
  }

  @Test
  void refusedLoadIsRetriedByBccForTheVerifiersLogAndHints() {
    sys.results.put("bpf 5", (long) -13);
    fakeBcc.programLoad = new Libbcc.Loaded(-13, 13, "R1 invalid mem access");
    Libbcc.Loaded loaded = bcc.loadProgram(5, "on_getsid", new byte[16], "GPL", 0, 1 << 16);
    assertEquals("R1 invalid mem access", loaded.verifierLog());
    assertEquals(List.of("load program on_getsid"), bccCalls);
  }
}
