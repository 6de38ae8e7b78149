package io.ebpf4j.processor.model;

import io.ebpf4j.processor.format.ArgumentTypes;
import java.util.Set;

/**
 * Which system call arguments are strings: a {@code const char *} or {@code char *} whose name
 * says it is a path or a name, by the names the kernel's {@code sys_enter_*} formats use (6.18).
 * Buffers that share the type are not strings: {@code buf} (read, write, getcwd, readlink...),
 * {@code ubuf}, {@code list} (listxattr's output), {@code optval}, {@code u_msg_ptr}, {@code
 * shmaddr}; nor is {@code char **} ({@code argv}, {@code envp}).
 */
public final class UserStrings {

  /**
   * The argument names. {@code Kprobe}'s Javadoc lists them for users; {@code UserStringsTest}
   * reads it and fails when the two differ.
   */
  public static final Set<String> NAMES =
      Set.of(
          "filename", "pathname", "oldname", "newname", "name", "path", "dev_name", "dir_name",
          "type", "special", "specialfile", "new_root", "put_old", "from_pathname",
          "to_pathname", "uname", "u_name", "_fs_name", "_key", "_type", "_description",
          "_callout_info", "library");

  private UserStrings() {}

  /** Whether the argument {@code name} declared as {@code type} is read as a string. */
  public static boolean isUserString(String type, String name) {
    return NAMES.contains(name) && ArgumentTypes.normalize(type).equals("char *");
  }
}
