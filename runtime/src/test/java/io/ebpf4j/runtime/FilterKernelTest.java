package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters of the probe annotations, on this machine's kernel: a filtered probe delivers exactly
 * the events that match, from every process, and what it drops is not counted as lost. The
 * workload of each test ends with an event the filter keeps (a sentinel): the ring buffer
 * delivers in the order of reservation, so once the sentinel is in, every event before it is.
 */
@RequiresKernel
class FilterKernelTest {

  private static final int ENOENT = 2;
  private static final String MISSING = "/nonexistent-ebpf4j/";

  @TempDir Path dir;

  @Test
  void aReturnFilterDeliversExactlyTheFailedOpens() throws Exception {
    Path existing = Files.writeString(dir.resolve("existing"), "x");
    FilterProbes.FailedOpens probes = new FilterProbes.FailedOpens();
    int missing = 5;
    int present = 7;
    ProbeSession session = ProbeRuntime.start(probes);
    int tid;
    try {
      tid =
          onThread("ebpf4j-failing", () -> {
            for (int i = 0; i < present + missing; i++) {
              if (i % 2 == 0 && i / 2 < missing) {
                failToOpen(MISSING + "failed-" + i);
              } else {
                read(existing);
              }
            }
            failToOpen(MISSING + "failed-sentinel");
          });
      awaitCount(probes.events, e -> e.tid() == tid, missing + 1);
    } finally {
      session.close();
    }
    // Closed: everything the kernel let through has been delivered.
    List<OpenatReturnEvent> ours = probes.events.stream().filter(e -> e.tid() == tid).toList();
    assertEquals(missing + 1, ours.size(), "the thread's failed opens only: " + sample(ours));
    assertTrue(ours.stream().allMatch(e -> e.ret() == -ENOENT), sample(ours));
    assertTrue(
        probes.events.stream().allMatch(e -> e.ret() < 0),
        "no successful open from any process: " + sample(probes.events));
    SessionStats stats = session.stats();
    assertEquals(0, stats.lost(), "dropped by the filter is not lost: " + stats);
  }

  @Test
  void aCommFilterKeepsOnlyThatThread() throws Exception {
    FilterProbes.OneComm probes = new FilterProbes.OneComm();
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      // Longer and shorter names first: they share the prefix, and must not match.
      onThread("ebpf4j-commx", () -> failToOpen(MISSING + "comm-longer"));
      onThread("ebpf4j-com", () -> failToOpen(MISSING + "comm-shorter"));
      onThread(FilterProbes.OneComm.COMM, () -> failToOpen(MISSING + "comm-sentinel"));
      awaitCount(probes.events, e -> e.filename().equals(MISSING + "comm-sentinel"), 1);
      assertTrue(
          probes.events.stream().allMatch(e -> e.comm().equals(FilterProbes.OneComm.COMM)),
          "only " + FilterProbes.OneComm.COMM + ": " + sample(probes.events));
      assertEquals(0, session.stats().lost(), session.stats().toString());
    }
  }

  @Test
  void aBitFilterKeepsOnlyTheCreates() throws Exception {
    Path existing = Files.writeString(dir.resolve("existing"), "x");
    Path created = dir.resolve("created");
    Path sentinel = dir.resolve("sentinel");
    FilterProbes.Creates probes = new FilterProbes.Creates();
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      onThread("ebpf4j-creates", () -> {
        read(existing);
        create(created);
        read(created);
        create(sentinel);
      });
      awaitCount(probes.events, e -> e.filename().equals(sentinel.toString()), 1);
      assertTrue(
          probes.events.stream().allMatch(e -> (e.flags() & 0x40) != 0),
          "only opens with O_CREAT: " + sample(probes.events));
      List<String> ours =
          probes.events.stream()
              .map(OpenatEvent::filename)
              .filter(f -> f.startsWith(dir.toString()))
              .toList();
      assertEquals(List.of(created.toString(), sentinel.toString()), ours);
    }
  }

  @Test
  void aStringArgumentMatchesOnlyExactly() throws Exception {
    FilterProbes.OneFile probes = new FilterProbes.OneFile();
    String file = FilterProbes.OneFile.FILE;
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      onThread("ebpf4j-exact", () -> {
        failToOpen(file + "ly");
        failToOpen(file.substring(0, file.length() - 1));
        failToOpen(file);
        failToOpen(file.toUpperCase(java.util.Locale.ROOT));
        failToOpen(file);
      });
      awaitCount(probes.events, e -> true, 2);
    }
    assertEquals(
        List.of(file, file), probes.events.stream().map(OpenatEvent::filename).toList(),
        "the two opens of exactly " + file);
  }

  @Test
  void aTracepointFilterReadsItsDataLocString() throws Exception {
    FilterProbes.TrueExecs probes = new FilterProbes.TrueExecs();
    long sentinel;
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      new ProcessBuilder("/bin/echo", "dropped").start().waitFor();
      Process last = new ProcessBuilder("/bin/true").start();
      last.waitFor();
      sentinel = last.pid();
      awaitCount(probes.events, e -> e.pid() == sentinel, 1);
    }
    assertTrue(
        probes.events.stream().allMatch(e -> e.filename().equals("/bin/true")),
        "only execs of /bin/true: " + sample(probes.events));
  }

  @Test
  void withEntryFiltersSeeTheEntryTheReturnAndTheLatency() throws Exception {
    Path existing = Files.writeString(dir.resolve("existing"), "x");
    FilterProbes.Calls probes = new FilterProbes.Calls();
    try (ProbeSession session = ProbeRuntime.start(probes)) {
      onThread("ebpf4j-other", () -> failToOpen(MISSING + "other-thread"));
      onThread(FilterProbes.Calls.COMM, () -> {
        read(existing);
        failToOpen(FilterProbes.Calls.ENTRY_FILE);
        failToOpen(MISSING + "call-sentinel");
      });
      awaitCount(probes.failed, e -> e.filename().equals(MISSING + "call-sentinel"), 1);
      awaitCount(probes.named, e -> true, 1);
      List<String> failed = probes.failed.stream().map(OpenatCallEvent::filename).toList();
      assertEquals(
          List.of(FilterProbes.Calls.ENTRY_FILE, MISSING + "call-sentinel"), failed,
          "the thread's failed opens, not its successful one nor the other thread's");
      assertTrue(probes.failed.stream().allMatch(e -> e.latencyNanos() > 0));
      assertEquals(1, probes.named.size(), "the one open of that file: " + sample(probes.named));
      assertEquals(-ENOENT, probes.named.peek().ret());
    }
  }

  /** Runs {@code work} on a new thread named {@code name} (its comm), and returns its tid. */
  static int onThread(String name, IoWork work) throws Exception {
    int[] tid = new int[1];
    Exception[] failure = new Exception[1];
    Thread t =
        new Thread(
            () -> {
              tid[0] = NativeSupport.gettid();
              try {
                work.run();
              } catch (Exception e) {
                failure[0] = e;
              }
            },
            name);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw failure[0];
    }
    return tid[0];
  }

  /** Work that may throw, for {@link #onThread}. */
  interface IoWork {
    void run() throws IOException;
  }

  /** An {@code openat} that fails with ENOENT. */
  static void failToOpen(String path) throws IOException {
    try (InputStream in = new FileInputStream(path)) {
      throw new AssertionError(path + " exists");
    } catch (FileNotFoundException expected) {
      // the point
    }
  }

  private static void read(Path path) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      in.read();
    }
  }

  private static void create(Path path) throws IOException {
    try (OutputStream out =
        Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      out.write('x');
    }
  }

  /** The first events of {@code events}, for a message that stays readable. */
  static String sample(java.util.Collection<?> events) {
    return events.size() + " events, first " + events.stream().limit(8).toList();
  }

  /**
   * Waits until {@code queue} holds {@code count} events that {@code ours} accepts, and returns
   * them; fails after 10 s (a hang guard, not a measurement).
   */
  static <E> List<E> awaitCount(BlockingQueue<E> queue, Predicate<E> ours, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<E> matching = new ArrayList<>(queue.stream().filter(ours).toList());
      if (matching.size() >= count) {
        return matching;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "fewer than " + count + " matching events within 10 s; got " + sample(queue));
  }
}
