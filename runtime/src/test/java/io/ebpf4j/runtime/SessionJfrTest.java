package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.internal.EventEncoder;
import io.ebpf4j.api.internal.JfrCommitter;
import io.ebpf4j.api.internal.ProgramConventions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import io.ebpf4j.api.internal.ProbeProgram;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JFR side of a session without a kernel: events encoded here, committed or not. */
class SessionJfrTest {
  private static final BindEvent BIND =
      new BindEvent(123_456_789L, 4242, 4243, 1000, 1000, "python3", 3, 0x7ffd_0000_1000L, 16);

  @Test
  void onlyClassesMarkedJfrEventsHaveACommitter() {
    assertTrue(SessionJfr.committerFor(ProbeRuntime.programFor(NetProbes.class)).isEmpty());
    assertTrue(SessionJfr.committerFor(ProbeRuntime.programFor(JfrNetProbes.class)).isPresent());
  }

  /**
   * A build that drops {@code @JfrEvents} regenerates the program, but an incremental one may
   * leave the old {@code _Ebpf4jJfr} class file behind: the program decides, not the file.
   */
  @Test
  void aCompanionLeftBehindByAnEarlierBuildIsNotUsed() {
    ProbeProgram<JfrNetProbes> marked = ProbeRuntime.programFor(JfrNetProbes.class);
    ProbeProgram<JfrNetProbes> unmarked =
        new ProbeProgram<>() {
          @Override
          public Class<JfrNetProbes> handlerType() {
            return marked.handlerType();
          }

          @Override
          public String bpfSourceResource() {
            return marked.bpfSourceResource();
          }

          @Override
          public java.util.List<io.ebpf4j.api.internal.ProbeSpec> probes() {
            return marked.probes();
          }

          @Override
          public io.ebpf4j.api.internal.EventDispatcher dispatcherFor(JfrNetProbes handler) {
            return marked.dispatcherFor(handler);
          }

          @Override
          public JfrNetProbes newHandler() {
            return marked.newHandler();
          }
        };
    assertTrue(marked.recordsToJfr());
    assertTrue(SessionJfr.committerFor(unmarked).isEmpty());
  }

  /** No recording, or one without the event: a flag is read, and nothing is allocated. */
  @Test
  void aDisabledEventAllocatesNothing() throws Exception {
    JfrCommitter committer = SessionJfr.committerFor(ProbeRuntime.programFor(JfrNetProbes.class)).orElseThrow();
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().threadId();
    try (Arena arena = Arena.ofConfined();
        Recording other = new Recording()) {
      MemorySegment event = encoder().encode(0, BIND, arena);
      for (boolean recording : new boolean[] {false, true}) {
        if (recording) {
          // A recording runs, but without ebpf4j.BindEvent: enabled unless disabled, as JFR's
          // events are.
          other.disable("ebpf4j.BindEvent");
          other.start();
        }
        int events = 200_000;
        for (int i = 0; i < events; i++) { // warm up: the interpreter allocates where JIT code does not
          committer.commit(event);
        }
        long before = threads.getThreadAllocatedBytes(self);
        for (int i = 0; i < events; i++) {
          committer.commit(event);
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before;
        assertTrue(
            allocated < events,
            "less than a byte per event, so no object per event (recording: " + recording + "): "
                + allocated + " bytes for " + events + " events");
      }
    }
  }

  @Test
  void anEnabledEventIsRecordedWithEveryField(@TempDir Path dir) throws Exception {
    JfrCommitter committer = SessionJfr.committerFor(ProbeRuntime.programFor(JfrNetProbes.class)).orElseThrow();
    Path file = dir.resolve("bind.jfr");
    try (Arena arena = Arena.ofConfined();
        Recording recording = new Recording()) {
      recording.enable("ebpf4j.BindEvent");
      recording.start();
      committer.commit(encoder().encode(0, BIND, arena));
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    assertEquals(1, events.size(), events.toString());
    RecordedEvent e = events.get(0);
    assertEquals(List.of("Kernel", "ebpf4j"), e.getEventType().getCategoryNames());
    assertEquals("io.ebpf4j.runtime.JfrNetProbes.onBind(BindEvent)", e.getString("probe"));
    assertEquals(123_456_789L, e.getLong("timestampNanos"));
    assertEquals(4242, e.getInt("pid"));
    assertEquals(4243, e.getInt("tid"));
    assertEquals("python3", e.getString("comm"));
    assertEquals(3, e.getInt("fd"));
    assertEquals(16, e.getInt("addrlen"));
    assertEquals("int fd", e.getEventType().getField("fd").getDescription());
    assertEquals("Kernel Timestamp", e.getEventType().getField("timestampNanos").getLabel());
  }

  private static EventEncoder encoder() throws ReflectiveOperationException {
    return (EventEncoder)
        Class.forName(
                ProgramConventions.companionClassName(
                    JfrNetProbes.class, ProgramConventions.ENCODER_CLASS_SUFFIX))
            .getConstructor()
            .newInstance();
  }
}
