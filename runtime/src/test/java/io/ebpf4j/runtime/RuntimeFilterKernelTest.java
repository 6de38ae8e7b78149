package io.ebpf4j.runtime;

import static io.ebpf4j.runtime.FilterKernelTest.awaitCount;
import static io.ebpf4j.runtime.FilterKernelTest.failToOpen;
import static io.ebpf4j.runtime.FilterKernelTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The runtime's filters by user and by cgroup, on this machine's kernel: the events of other
 * users and other cgroups are dropped in the kernel. Each workload ends with a kept event (a
 * sentinel) after the dropped ones, so the dropped ones would have arrived before it.
 */
@RequiresKernel
class RuntimeFilterKernelTest {

  private static final String MISSING = "/nonexistent-ebpf4j/";

  /** nobody, on Debian. */
  private static final int OTHER_UID = 65534;

  @Test
  void onlyUserKeepsThatUsersEventsAndDropsOurs() throws Exception {
    FilterProbes.AllOpens probes = new FilterProbes.AllOpens();
    try (ProbeSession session =
        ProbeRuntime.start(probes, ProbeOptions.defaults().withOnlyUser(OTHER_UID))) {
      long first = asOtherUser(MISSING + "uid-other");
      FilterKernelTest.onThread("ebpf4j-uid", () -> failToOpen(MISSING + "uid-ours"));
      long second = asOtherUser(MISSING + "uid-sentinel");
      awaitCount(probes.events, e -> e.filename().equals(MISSING + "uid-sentinel"), 1);
      List<OpenatEvent> events = new ArrayList<>(probes.events);
      assertTrue(events.stream().allMatch(e -> e.uid() == OTHER_UID), "only uid " + OTHER_UID
          + ": " + sample(events));
      Set<String> files = events.stream().map(OpenatEvent::filename).collect(Collectors.toSet());
      assertTrue(files.contains(MISSING + "uid-other"), files.toString());
      assertFalse(files.contains(MISSING + "uid-ours"), "ours, as root, is dropped: " + files);
      assertTrue(events.stream().anyMatch(e -> e.pid() == first));
      assertTrue(events.stream().anyMatch(e -> e.pid() == second));
      assertEquals(0, session.stats().lost(), session.stats().toString());
    }
  }

  @Test
  void onlyCgroupKeepsTheTasksInThatCgroup() throws Exception {
    List<String> mounts = CgroupIds.cgroup2Mounts();
    assertFalse(mounts.isEmpty(), "this machine mounts no cgroup v2; scripts/setup.sh does");
    Path group = Path.of(mounts.get(0), "ebpf4j-test-" + ProcessHandle.current().pid());
    Files.createDirectory(group);
    try {
      ProbeOptions options = ProbeOptions.defaults().withOnlyCgroup(group);
      assertEquals(Files.getAttribute(group, "unix:ino"), options.onlyCgroup(), "its inode");
      FilterProbes.AllOpens probes = new FilterProbes.AllOpens();
      try (ProbeSession session = ProbeRuntime.start(probes, options)) {
        long inside = inCgroup(group, MISSING + "cgroup-inside");
        FilterKernelTest.onThread("ebpf4j-cgroup", () -> failToOpen(MISSING + "cgroup-outside"));
        long sentinel = inCgroup(group, MISSING + "cgroup-sentinel");
        awaitCount(probes.events, e -> e.filename().equals(MISSING + "cgroup-sentinel"), 1);
        List<OpenatEvent> events = new ArrayList<>(probes.events);
        assertTrue(
            events.stream().allMatch(e -> e.pid() == inside || e.pid() == sentinel),
            "only the two children moved into " + group + ": " + sample(events));
        assertTrue(
            events.stream().anyMatch(e -> e.filename().equals(MISSING + "cgroup-inside")),
            sample(events));
        assertEquals(0, session.stats().lost(), session.stats().toString());
      }
    } finally {
      Files.delete(group); // empty again: its children have exited
    }
  }

  /** Runs {@code cat file} as {@link #OTHER_UID}, which fails to open it; returns its pid. */
  private static long asOtherUser(String file) throws Exception {
    return run(
        "setpriv", "--reuid=" + OTHER_UID, "--regid=" + OTHER_UID, "--clear-groups",
        "cat", file);
  }

  /** Runs a shell that moves itself into {@code group}, then {@code cat file}; returns its pid. */
  private static long inCgroup(Path group, String file) throws Exception {
    return run(
        "sh", "-c", "echo $$ > " + group.resolve("cgroup.procs") + " && exec cat " + file);
  }

  private static long run(String... command) throws Exception {
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes());
    int status = child.waitFor();
    assertTrue(
        output.contains("No such file"), String.join(" ", command) + " said: " + output);
    assertEquals(1, status, "cat of a missing file fails: " + output);
    return child.pid();
  }
}
