package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.api.internal.ProgramConventions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails part-way, at load, at the third attach, at a missing ring buffer map or at
 * mapping it, detaches what it attached, closes every program, destroys the module, each once,
 * and throws the failure with its message. On {@link FakeLibbcc} and {@link FakeKernel}: no
 * kernel, no root.
 */
class StartFailureReleaseTest {
  /** Three probes: two kprobes, then a system call's entry and return (a kprobe each). */
  private static final HandWrittenProgram PROGRAM =
      new HandWrittenProgram(
          "io/ebpf4j/runtime/half-attachable.bpf.c",
          List.of(
              probe(0, AttachPoint.kprobe("first", "do_first")),
              probe(1, AttachPoint.kprobe("second", "do_second")),
              new ProbeSpec(
                  2,
                  "third()",
                  List.of(
                      AttachPoint.syscallEntry("third_entry", "getsid"),
                      AttachPoint.syscallReturn("third_return", "getsid")),
                  List.of(AttachPoint.tracepoint("third_tp", "syscalls:sys_enter_getsid")),
                  44)));

  private static final Set<String> FUNCTIONS =
      Set.of("first", "second", "third_entry", "third_return", "third_tp");

  @TempDir Path tracefs;
  private final List<String> calls = new ArrayList<>();
  private FakeKernel kernel;

  private static ProbeSpec probe(int id, AttachPoint attach) {
    return new ProbeSpec(id, attach.bpfFunction() + "()", List.of(attach), List.of(), 44);
  }

  @BeforeEach
  void tracefs() throws IOException {
    Files.createDirectories(tracefs.resolve("events/syscalls/sys_enter_getsid"));
    kernel = new FakeKernel(true, Set.of("__x64_sys_getsid"), tracefs);
  }

  private FakeLibbcc bcc(String... maps) {
    return new FakeLibbcc(FUNCTIONS, Set.of(maps), calls);
  }

  private <T extends Throwable> T failedStart(Class<T> type, FakeLibbcc bcc) {
    Platform platform = new Platform(kernel, new RecordingLibc(calls), () -> bcc);
    return assertThrows(
        type, () -> ProbeSession.start(PROGRAM, PROGRAM, ProbeOptions.defaults(), platform));
  }

  private List<String> from(String first) {
    return calls.subList(calls.indexOf(first), calls.size());
  }

  @Test
  void aFailedThirdAttachDetachesTheTwoBefore() {
    FakeLibbcc bcc = bcc(ProgramConventions.EVENTS_MAP, ProgramConventions.COUNTERS_MAP);
    bcc.failingAttach = 3;
    NativeCallException e = failedStart(NativeCallException.class, bcc);
    assertEquals(
        "bpf_attach_kprobe failed (errno 22, Invalid argument): cannot attach third_entry as a"
            + " kprobe on kernel function __x64_sys_getsid (is it in /proc/kallsyms, and not"
            + " blacklisted for kprobes?)",
        e.getMessage());
    List<String> attached = calls.stream().filter(c -> c.startsWith("attach kprobe do_")).toList();
    List<String> loads = calls.stream().filter(c -> c.startsWith("load ")).toList();
    assertEquals(2, attached.size(), calls.toString());
    assertEquals(3, loads.size(), "first, second, third_entry: " + calls);
    assertEquals(
        List.of(
            "attach kprobe __x64_sys_getsid as " + eventOf(calls, "__x64_sys_getsid") + " failed",
            "close perf event " + fdOf(attached.get(0)),
            "detach kprobe " + eventOf(calls, "do_first"),
            "close perf event " + fdOf(attached.get(1)),
            "detach kprobe " + eventOf(calls, "do_second"),
            "close " + fdOf(loads.get(0)),
            "close " + fdOf(loads.get(1)),
            "close " + fdOf(loads.get(2)),
            "destroy"),
        sortedCloses(from(calls.stream().filter(c -> c.endsWith(" failed")).findFirst().orElseThrow())));
  }

  @Test
  void aFailedLoadReleasesTheProbesBefore() {
    FakeLibbcc bcc = bcc(ProgramConventions.EVENTS_MAP, ProgramConventions.COUNTERS_MAP);
    bcc.failingLoad = "second";
    BpfLoadException e = failedStart(BpfLoadException.class, bcc);
    assertTrue(e.getMessage().contains("R1 invalid mem access"), e.getMessage());
    assertTrue(
        calls.indexOf("create") < calls.indexOf("malloc_trim")
            && calls.indexOf("malloc_trim") < calls.indexOf("load first -> 102"),
        "clang's heap is given back after the compile, before the loads: " + calls);
    assertEquals(
        List.of(
            "load second failed",
            "close perf event 103",
            "detach kprobe " + eventOf(calls, "do_first"),
            "close 102",
            "destroy"),
        from("load second failed"));
  }

  @Test
  void aMissingRingBufferMapReleasesEverything() {
    FakeLibbcc bcc = bcc(ProgramConventions.COUNTERS_MAP);
    Ebpf4jException e = failedStart(Ebpf4jException.class, bcc);
    assertEquals(
        "io/ebpf4j/runtime/half-attachable.bpf.c has no map named `"
            + ProgramConventions.EVENTS_MAP
            + "`",
        e.getMessage());
    assertReleasedAllFourProbes();
  }

  @Test
  void aRingBufferThatCannotBeMappedReleasesEverything() {
    FakeLibbcc bcc = bcc(ProgramConventions.EVENTS_MAP, ProgramConventions.COUNTERS_MAP);
    NativeCallException e = failedStart(NativeCallException.class, bcc);
    long pages = ProbeOptions.defaults().ringBufferPages();
    assertEquals(
        "mmap failed (errno 19, No such device): cannot map the events ring buffer ("
            + Libc.get().pageSize()
            + " bytes)",
        e.getMessage(),
        "the consumer page, mapped first, of a " + pages + "-page buffer");
    assertReleasedAllFourProbes();
  }

  @Test
  void aModuleThatDoesNotCompileHasNothingToRelease() {
    FakeLibbcc bcc = bcc();
    bcc.compileFails = true;
    BpfCompileException e = failedStart(BpfCompileException.class, bcc);
    assertTrue(e.getMessage().contains("io/ebpf4j/runtime/half-attachable.bpf.c"), e.getMessage());
    // Once with the header guards, once without (UnusedHeaders): a failure either way is the C's;
    // each failed compile's heap is given back too.
    assertEquals(List.of("create", "malloc_trim", "create", "malloc_trim"), calls);
  }

  /** Every perf event closed and detached once, every program closed once, then the module. */
  private void assertReleasedAllFourProbes() {
    List<String> perfEvents =
        calls.stream().filter(c -> c.startsWith("attach ")).map(c -> c.substring(c.lastIndexOf(' ') + 1)).toList();
    List<String> programs =
        calls.stream().filter(c -> c.startsWith("load ")).map(c -> c.substring(c.lastIndexOf(' ') + 1)).toList();
    assertEquals(4, perfEvents.size(), calls.toString());
    assertEquals(4, programs.size(), calls.toString());
    for (String fd : perfEvents) {
      assertEquals(1, calls.stream().filter(("close perf event " + fd)::equals).count(), calls.toString());
    }
    for (String fd : programs) {
      assertEquals(1, calls.stream().filter(("close " + fd)::equals).count(), calls.toString());
    }
    assertEquals(4, calls.stream().filter(c -> c.startsWith("detach kprobe ")).count(), calls.toString());
    assertEquals(1, calls.stream().filter("destroy"::equals).count(), calls.toString());
    assertEquals("destroy", calls.getLast(), calls.toString());
  }

  /** The event name the attach of {@code kernelFunction} was given. */
  private static String eventOf(List<String> calls, String kernelFunction) {
    String prefix = "attach kprobe " + kernelFunction + " as ";
    String call = calls.stream().filter(c -> c.startsWith(prefix)).findFirst().orElseThrow();
    return call.substring(prefix.length()).split(" ")[0];
  }

  /** The fd at the end of {@code "load first -> 102"}. */
  private static String fdOf(String call) {
    return call.substring(call.lastIndexOf(' ') + 1);
  }

  /** The module closes its programs in the order of a hash map: in fd order, to compare. */
  private static List<String> sortedCloses(List<String> calls) {
    List<String> result = new ArrayList<>(calls);
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < result.size(); i++) {
      if (result.get(i).matches("close \\d+")) {
        at.add(i);
      }
    }
    List<String> closes =
        at.stream()
            .map(result::get)
            .sorted(java.util.Comparator.comparingInt(c -> Integer.parseInt(fdOf(c))))
            .toList();
    for (int k = 0; k < at.size(); k++) {
      result.set(at.get(k), closes.get(k));
    }
    return result;
  }
}
