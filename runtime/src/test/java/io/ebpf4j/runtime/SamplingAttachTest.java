package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProbeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attaching a sampling program over {@link FakeLibbcc}: one perf event per online CPU. */
class SamplingAttachTest {
  @TempDir Path tracefs;

  private final List<String> calls = new ArrayList<>();
  private final FakeLibbcc bcc = new FakeLibbcc(Set.of("on_sample"), Set.of(), calls);

  private BpfModule module() {
    Platform platform =
        new Platform(new FakeKernel(true, Set.of(), tracefs), new RecordingLibc(calls), () -> bcc);
    return BpfModule.compile("the test's program", "", List.of(), platform);
  }

  @Test
  void opensOnePerfEventOnEachOnlineCpuAndClosesThemAll() {
    List<Integer> cpus = OnlineCpus.host();
    try (BpfModule module = module()) {
      Attachment a = module.attachPerfEvent("on_sample", SampleEvent.CPU_CLOCK, 99);
      assertEquals(new Attachment("on_sample", AttachKind.PERF_EVENT, "cpu-clock@99"), a);
      List<String> attaches = calls.stream().filter(c -> c.startsWith("attach")).toList();
      assertEquals(cpus.size(), attaches.size(), calls.toString());
      for (int i = 0; i < cpus.size(); i++) {
        // PERF_TYPE_SOFTWARE (1), PERF_COUNT_SW_CPU_CLOCK (0)
        assertTrue(
            attaches.get(i).startsWith("attach perf event 1/0 at 99 Hz on cpu " + cpus.get(i)),
            attaches.toString());
      }
      assertTrue(
          calls.stream().anyMatch(c -> c.startsWith("load on_sample ->")),
          calls.toString());
    }
    assertEquals(cpus.size(), calls.stream().filter(c -> c.startsWith("close perf")).count(), calls.toString());
  }

  @Test
  void aFrequencyOutOfTheKernelsRangeNamesTheRange() {
    try (BpfModule module = module()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> module.attachPerfEvent("on_sample", SampleEvent.CPU_CLOCK, 0));
      assertTrue(e.getMessage().contains("perf_event_max_sample_rate"), e.getMessage());
      assertTrue(e.getMessage().endsWith("got 0"), e.getMessage());
      assertThrows(
          IllegalArgumentException.class,
          () -> module.attachPerfEvent("on_sample", SampleEvent.CPU_CLOCK, Integer.MAX_VALUE));
    }
  }

  @Test
  void aMissingHardwareEventNamesTheSoftwareClock() {
    String message = PerfEventLimits.attachFailure("on_sample", SampleEvent.CYCLES, Libc.ENOENT);
    assertEquals(
        "cannot attach on_sample to perf event cycles: this machine has no hardware event cycles"
            + " (no hardware PMU; virtual machines often have none): sample cpu-clock"
            + " (SampleEvent.CPU_CLOCK) instead",
        message);
  }

  @Test
  void aHardwareEventIsRefusedBeforeTheAttachWhereNoCpuPmuIsListed(@TempDir Path sources)
      throws Exception {
    Files.createDirectories(sources.resolve("software"));
    Ebpf4jException e =
        assertThrows(
            Ebpf4jException.class,
            () -> PerfEventLimits.requireEvent(SampleEvent.CYCLES, sources, "on_sample"));
    assertTrue(e.getMessage().contains("SampleEvent.CPU_CLOCK"), e.getMessage());
    assertTrue(e.getMessage().endsWith(sources + " lists no cpu PMU)"), e.getMessage());
    PerfEventLimits.requireEvent(SampleEvent.CPU_CLOCK, sources, "on_sample");
    Files.createDirectories(sources.resolve("cpu_core"));
    PerfEventLimits.requireEvent(SampleEvent.CYCLES, sources, "on_sample");
  }

  @Test
  void aGeneratedPerfEventAttachPointAttachesByItsEventAndFrequency() {
    ProbeSpec spec =
        new ProbeSpec(
            0, "P.onSample()", List.of(AttachPoint.perfEvent("on_sample", "task-clock", 49)), List.of(), 0);
    PlannedProbe plan = PlannedProbe.choose(spec, true, new FakeKernel(true, Set.of(), tracefs));
    try (BpfModule module = module()) {
      Attachment a = plan.attach(module, plan.attaches().get(0));
      assertEquals(new Attachment("on_sample", AttachKind.PERF_EVENT, "task-clock@49"), a);
      // PERF_TYPE_SOFTWARE (1), PERF_COUNT_SW_TASK_CLOCK (1)
      assertTrue(calls.stream().anyMatch(c -> c.startsWith("attach perf event 1/1 at 49 Hz")), calls.toString());
    }
  }

  @Test
  void theGeneratedContractCarriesEventAndFrequency() {
    AttachPoint p = AttachPoint.perfEvent("on_sample", "cycles", 49);
    assertEquals(AttachKind.PERF_EVENT, p.kind());
    assertEquals("cycles@49", p.target());
  }

  @Test
  void eventsByPerfNameOrConstant() {
    assertEquals(SampleEvent.CPU_CLOCK, SampleEvent.named("cpu-clock"));
    assertEquals(SampleEvent.CACHE_MISSES, SampleEvent.named("cache_misses"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SampleEvent.named("cpu-clok"));
    assertEquals(
        "no sample event `cpu-clok`; there are cpu-clock, task-clock, cycles, instructions,"
            + " cache-misses, branch-misses",
        e.getMessage());
  }

  @Test
  void onlineCpuRanges() {
    assertEquals(List.of(0, 1, 2, 4, 6, 7), OnlineCpus.parse("0-2,4,6-7\n"));
    assertEquals(List.of(0), OnlineCpus.parse("0"));
  }
}
