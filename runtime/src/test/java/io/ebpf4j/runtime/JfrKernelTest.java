package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.runtime.ProbeSessionKernelTest.Bound;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code @JfrEvents} class's session, recorded with {@code jdk.jfr.Recording} and read back
 * with {@code RecordingFile}: this process's bind is there as {@code ebpf4j.BindEvent}, and the
 * session's final figures as {@code ebpf4j.SessionStats}.
 */
@RequiresKernel
class JfrKernelTest {

  @Test
  void bindEventsAndSessionFiguresAreInTheRecording(@TempDir Path dir) throws Exception {
    JfrNetProbes probes = new JfrNetProbes();
    Path file = dir.resolve("binds.jfr");
    Bound bound;
    BindEvent delivered;
    try (Recording recording = new Recording()) {
      recording.enable("ebpf4j.BindEvent");
      recording.enable("ebpf4j.SessionStats").withPeriod(Duration.ofSeconds(1));
      recording.start();
      try (ProbeSession session =
          ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyProcess(NetProbes.PID))) {
        bound = ProbeSessionKernelTest.bindIpv4OnNewThread("ebpf4j-jfr-bind");
        delivered = ProbeSessionKernelTest.awaitTid(probes.binds, bound.tid());
      }
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    List<RecordedEvent> binds =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("ebpf4j.BindEvent"))
            .filter(e -> e.getInt("tid") == bound.tid())
            .toList();
    assertEquals(1, binds.size(), "the one bind of thread " + bound.tid() + " in " + events);
    RecordedEvent bind = binds.get(0);
    assertEquals(NetProbes.PID, bind.getInt("pid"));
    assertEquals("ebpf4j-jfr-bind", bind.getString("comm"));
    assertEquals(delivered.fd(), bind.getInt("fd"));
    assertEquals(
        bound.fdTarget(),
        Files.readSymbolicLink(Path.of("/proc/self/fd/" + bind.getInt("fd"))).toString(),
        "the fd names the socket bound");
    assertEquals(16, bind.getInt("addrlen"), "sizeof(struct sockaddr_in): AF_INET");
    assertEquals(delivered.umyaddr(), bind.getLong("umyaddr"));
    assertEquals(delivered.timestampNanos(), bind.getLong("timestampNanos"));
    assertEquals("io.ebpf4j.runtime.JfrNetProbes.onBind(BindEvent)", bind.getString("probe"));
    assertEquals(List.of("Kernel", "ebpf4j"), bind.getEventType().getCategoryNames());

    RecordedEvent last =
        events.stream()
            .filter(e -> e.getEventType().getName().equals("ebpf4j.SessionStats"))
            .filter(e -> e.getBoolean("closed"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no final ebpf4j.SessionStats in " + events));
    assertEquals("io.ebpf4j.runtime.JfrNetProbes", last.getString("handler"));
    assertTrue(last.getLong("delivered") >= 1, last.toString());
    assertEquals(0, last.getLong("lost"), last.toString());
  }
}
