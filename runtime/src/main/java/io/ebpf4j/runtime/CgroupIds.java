package io.ebpf4j.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The id the kernel gives a cgroup v2, from its directory. {@code bpf_get_current_cgroup_id()}
 * returns {@code cgroup_id()} of the task's cgroup in the v2 hierarchy, which is {@code
 * kernfs_ino()} of its directory (include/linux/cgroup.h): the directory's inode number. A v1
 * hierarchy's directories are not what the helper returns, so they are refused.
 */
final class CgroupIds {

  /** The file system type of the cgroup v2 hierarchy, as the mount table names it. */
  static final String CGROUP2 = "cgroup2";

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private CgroupIds() {}

  /**
   * The id of the cgroup v2 at {@code directory}.
   *
   * @throws IllegalArgumentException if it is not a directory of a cgroup v2 file system
   */
  static long of(Path directory) {
    if (directory == null) {
      throw new IllegalArgumentException("withOnlyCgroup takes a cgroup directory; got null");
    }
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          directory + " is not a directory; give the directory of a cgroup v2" + whereMounted());
    }
    try {
      String type = Files.getFileStore(directory).type();
      if (!type.equals(CGROUP2)) {
        throw new IllegalArgumentException(
            directory + " is not a cgroup v2 directory (its file system is " + type + ")"
                + whereMounted());
      }
      return (Long) Files.getAttribute(directory, "unix:ino");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cgroup directory " + directory, e);
    }
  }

  /** {@code ; this machine mounts cgroup v2 at /sys/fs/cgroup/unified}, or how to mount it. */
  private static String whereMounted() {
    List<String> mounts = cgroup2Mounts();
    if (mounts.isEmpty()) {
      return "; this machine mounts no cgroup v2: mount one with"
          + " `mount -t cgroup2 none /sys/fs/cgroup/unified`";
    }
    return "; this machine mounts cgroup v2 at " + String.join(" and ", mounts);
  }

  /** Where cgroup2 file systems are mounted, as this process sees it. */
  static List<String> cgroup2Mounts() {
    List<String> mounts = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(MOUNTINFO)) {
        // "36 25 0:30 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw": the type follows " - ".
        int separator = line.indexOf(" - ");
        String[] before = line.substring(0, Math.max(separator, 0)).split(" ");
        String[] after = separator < 0 ? new String[0] : line.substring(separator + 3).split(" ");
        if (before.length >= 5 && after.length >= 1 && after[0].equals(CGROUP2)) {
          mounts.add(unescape(before[4]));
        }
      }
    } catch (IOException e) {
      // Only for the message: without the mount table it names no mount.
    }
    return mounts;
  }

  /** The mount table writes a space as {@code \040}, and so on, in octal. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        try {
          out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the backslash
        }
      }
      out.append(c);
    }
    return out.toString();
  }
}
