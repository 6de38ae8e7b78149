package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime filters' options, without a kernel: what they accept and how they refuse. */
class RuntimeFiltersTest {

  @TempDir Path dir;

  @Test
  void noFilterByDefault() {
    assertEquals(-1, ProbeOptions.defaults().onlyUser());
    assertEquals(0, ProbeOptions.defaults().onlyCgroup());
  }

  @Test
  void onlyUserTakesAUserId() {
    assertEquals(0, ProbeOptions.defaults().withOnlyUser(0).onlyUser());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ProbeOptions.defaults().withOnlyUser(-2));
    assertTrue(e.getMessage().contains("0 or more; got -2"), e.getMessage());
  }

  @Test
  void onlyCgroupRefusesADirectoryThatIsNotCgroupV2() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ProbeOptions.defaults().withOnlyCgroup(dir));
    assertTrue(e.getMessage().startsWith(dir + " is not a cgroup v2 directory (its file system"),
        e.getMessage());
    List<String> mounts = CgroupIds.cgroup2Mounts();
    if (!mounts.isEmpty()) {
      assertTrue(e.getMessage().contains("mounts cgroup v2 at " + mounts.get(0)), e.getMessage());
    }
  }

  @Test
  void onlyCgroupRefusesAMissingDirectory() {
    Path missing = dir.resolve("missing");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ProbeOptions.defaults().withOnlyCgroup(missing));
    assertTrue(e.getMessage().startsWith(missing + " is not a directory"), e.getMessage());
  }
}
