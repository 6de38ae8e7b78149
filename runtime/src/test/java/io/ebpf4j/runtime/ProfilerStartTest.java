package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What a profiler refuses before it compiles anything: no kernel, no root. */
class ProfilerStartTest {
  @Test
  void aProcessThatIsNotRunningIsNamedInsteadOfProfiledAsNothing() throws Exception {
    int pid =
        Integer.parseInt(
            Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip()) - 1;
    while (Files.exists(Path.of("/proc", Integer.toString(pid)))) {
      pid--;
    }
    int free = pid;
    Ebpf4jException e = assertThrows(Ebpf4jException.class, () -> Profiler.start(99, free));
    assertEquals(
        "no process with pid " + free + " (there is no /proc/" + free
            + "): start it first, or profile every process with pid -1",
        e.getMessage());
  }
}
