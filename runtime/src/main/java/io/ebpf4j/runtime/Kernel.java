package io.ebpf4j.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the running kernel offers: kprobes, tracefs, system call function names, privileges. */
public final class Kernel {
  private static final Path KPROBE_PMU = Path.of("/sys/bus/event_source/devices/kprobe");
  private static final List<Path> TRACEFS_ROOTS =
      List.of(Path.of("/sys/kernel/tracing"), Path.of("/sys/kernel/debug/tracing"));

  /**
   * Prefixes of the kernel's system call functions, in the order bcc's {@code
   * get_syscall_fnname} tries them. {@code sys_} functions take the arguments directly; the
   * others are wrappers that take the user's {@code struct pt_regs *}.
   */
  static final List<String> SYSCALL_PREFIXES =
      List.of(
          "sys_",
          "__x64_sys_",
          "__x32_compat_sys_",
          "__ia32_compat_sys_",
          "__arm64_sys_",
          "__s390x_sys_",
          "__s390_sys_",
          "__riscv_sys_");

  private static final int CAP_SYS_ADMIN = 21;
  private static final int CAP_PERFMON = 38;
  private static final int CAP_BPF = 39;

  /** These facts as {@link KernelFacts}, for modules and sessions. */
  static final KernelFacts HOST =
      new KernelFacts() {
        @Override
        public void requireBpfPrivileges() {
          Kernel.requireBpfPrivileges();
        }

        @Override
        public boolean hasKprobes() {
          return Kernel.hasKprobes();
        }

        @Override
        public Optional<SyscallFunction> resolveSyscall(String syscall) {
          return Kernel.resolveSyscall(syscall);
        }

        @Override
        public Path tracefs() {
          return Kernel.tracefs();
        }

        @Override
        public String missingHeadersHint() {
          return Kernel.missingHeadersHint();
        }

        @Override
        public int pidMax() {
          return Kernel.pidMax();
        }
      };

  private Kernel() {}

  /** Whether this kernel can attach kprobes ({@code CONFIG_KPROBES}). */
  public static boolean hasKprobes() {
    return Files.isDirectory(KPROBE_PMU);
  }

  /**
   * The mounted tracefs: {@code /sys/kernel/tracing}, or the older {@code
   * /sys/kernel/debug/tracing}.
   *
   * @throws Ebpf4jException if neither is mounted, naming the command that mounts it; or if one is
   *     mounted but this process may not read it, naming the privileges that let it
   */
  public static Path tracefs() {
    for (Path root : TRACEFS_ROOTS) {
      if (Files.isDirectory(root.resolve("events"))) {
        return root;
      }
    }
    // Unreadable and unmounted look the same from here; only the mount table tells them apart.
    Optional<Path> mounted = TRACEFS_ROOTS.stream().filter(Kernel::isTracefsMount).findFirst();
    if (mounted.isPresent()) {
      throw new Ebpf4jException(
          "tracefs is mounted at "
              + mounted.get()
              + ", but this process ("
              + describeUser()
              + ") may not read it"
              + describeMode(mounted.get())
              + ", and tracepoints need it: "
              + TRACEPOINT_PRIVILEGES
              + ".");
    }
    throw new Ebpf4jException(
        "tracefs is not mounted, and tracepoints and trace_pipe need it: run `mount -t tracefs"
            + " nodev /sys/kernel/tracing` as root (scripts/setup.sh does this).");
  }

  /** Whether /proc/self/mountinfo lists a tracefs mounted at {@code mountPoint}. */
  static boolean isTracefsMount(Path mountPoint) {
    List<String> mounts;
    try {
      mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
    } catch (IOException e) {
      return false;
    }
    for (String line : mounts) {
      // "42 23 0:13 / /sys/kernel/tracing rw,relatime - tracefs nodev rw" (proc(5)); the
      // optional fields before " - " vary in number, the mount point is always the fifth.
      String[] fields = line.split(" ");
      int separator = line.indexOf(" - ");
      if (fields.length > 4 && separator > 0) {
        String type = line.substring(separator + 3).split(" ")[0];
        if (type.equals("tracefs") && fields[4].equals(mountPoint.toString())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String describeMode(Path root) {
    try {
      int mode = (Integer) Files.getAttribute(root, "unix:mode") & 07777;
      int owner = (Integer) Files.getAttribute(root, "unix:uid");
      return String.format(" (mode %04o, owned by uid %d)", mode, owner);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The effective uid, as "uid 65534", from /proc/self/status. */
  static String describeUser() {
    return statusField("Uid:").map(ids -> "uid " + ids.split("\\s+")[1]).orElse("this user");
  }

  /** A kernel function for a system call, and whether it is a {@code pt_regs} wrapper. */
  record SyscallFunction(String name, boolean wrapper) {}

  /**
   * The kernel function that implements {@code syscall}, found in {@code /proc/kallsyms} the way
   * bcc's {@code get_syscall_fnname} finds it: {@code __x64_sys_bind} on x86-64.
   */
  public static Optional<String> syscallFunction(String syscall) {
    return resolveSyscall(syscall).map(SyscallFunction::name);
  }

  static Optional<SyscallFunction> resolveSyscall(String syscall) {
    return resolveSyscall(syscall, syscallSymbols());
  }

  /** {@link #resolveSyscall(String)} among {@code symbols}, a kernel's function names. */
  static Optional<SyscallFunction> resolveSyscall(String syscall, Set<String> symbols) {
    for (String prefix : SYSCALL_PREFIXES) {
      if (symbols.contains(prefix + syscall)) {
        return Optional.of(new SyscallFunction(prefix + syscall, !prefix.equals("sys_")));
      }
    }
    return Optional.empty();
  }

  /** Read once: a session with many probes must not scan /proc/kallsyms once for each. */
  private static volatile Set<String> syscallSymbols;

  /** The symbols in /proc/kallsyms that start with one of {@link #SYSCALL_PREFIXES}. */
  private static Set<String> syscallSymbols() {
    Set<String> symbols = syscallSymbols;
    if (symbols != null) {
      return symbols;
    }
    Set<String> found = new java.util.HashSet<>();
    try (BufferedReader lines = Files.newBufferedReader(Path.of("/proc/kallsyms"))) {
      String line;
      while ((line = lines.readLine()) != null) {
        // "ffffffff81234560 T __x64_sys_bind"
        String symbol = line.substring(line.lastIndexOf(' ') + 1);
        if (SYSCALL_PREFIXES.stream().anyMatch(symbol::startsWith)) {
          found.add(symbol);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    symbols = Set.copyOf(found);
    syscallSymbols = symbols;
    return symbols;
  }

  /**
   * A sentence on installing kernel headers if {@code /lib/modules/<release>/build}, where bcc
   * looks first, is missing; else empty. Not a check before compiling: bcc can also use the
   * headers a kernel built with CONFIG_IKHEADERS carries.
   */
  static String missingHeadersHint() {
    String release;
    try {
      release = Files.readAllLines(Path.of("/proc/sys/kernel/osrelease")).get(0).strip();
    } catch (IOException | RuntimeException e) {
      return "";
    }
    Path build = Path.of("/lib/modules", release, "build");
    if (Files.isDirectory(build)) {
      return "";
    }
    return "There are no kernel headers at "
        + build
        + ", where bcc looks for them: install them (Debian: `apt-get install linux-headers-"
        + release
        + "`; in the ebpf4j repository scripts/setup.sh links them), or run a kernel built with"
        + " CONFIG_IKHEADERS.";
  }

  /** The kernel's largest process id plus one ({@code /proc/sys/kernel/pid_max}). */
  static int pidMax() {
    try {
      // By lines: Files.readString sizes its read by the file's size, 0 for a sysctl, and gets
      // only the first byte; sysctl files then give nothing from a later offset.
      return Integer.parseInt(
          Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0).strip());
    } catch (IOException | RuntimeException e) {
      return 1 << 22; // PID_MAX_LIMIT on 64-bit kernels
    }
  }

  /** What tracepoints, and system calls traced at their tracepoints, need: measured on 6.18. */
  static final String TRACEPOINT_PRIVILEGES =
      "run it as root, or grant the JVM CAP_BPF, CAP_PERFMON and CAP_DAC_READ_SEARCH (tracefs is"
          + " readable by root only)";

  /**
   * What uprobes need, measured on 6.18: the uprobe perf event is EACCES without CAP_SYS_ADMIN,
   * and bcc then writes tracefs's uprobe_events instead, which takes CAP_DAC_OVERRIDE.
   */
  static final String UPROBE_PRIVILEGES =
      "run it as root, or grant the JVM CAP_BPF, CAP_PERFMON and CAP_DAC_OVERRIDE (or"
          + " CAP_SYS_ADMIN)";

  /**
   * Fails unless this process may load BPF programs and open perf events: root, or {@code
   * CAP_BPF} and {@code CAP_PERFMON} ({@code CAP_SYS_ADMIN} implies both). Attaching needs more,
   * by probe kind; the message says what.
   */
  static void requireBpfPrivileges() {
    Optional<String> capEff = statusField("CapEff:");
    if (capEff.isPresent() && !hasBpfPrivileges(Long.parseUnsignedLong(capEff.get(), 16))) {
      throw new Ebpf4jException(
          "this process ("
              + describeUser()
              + ") may not load BPF programs: run it as root, or grant the JVM the capabilities its"
              + " probes need (for example `setcap cap_bpf,cap_perfmon,cap_dac_override+ep"
              + " $JAVA_HOME/bin/java`): CAP_BPF and CAP_PERFMON to load, and CAP_DAC_READ_SEARCH"
              + " for tracepoints and system calls, or CAP_DAC_OVERRIDE for uprobes too.");
    }
  }

  static boolean hasBpfPrivileges(long effectiveCapabilities) {
    boolean admin = (effectiveCapabilities & (1L << CAP_SYS_ADMIN)) != 0;
    boolean bpfAndPerfmon =
        (effectiveCapabilities & (1L << CAP_BPF)) != 0
            && (effectiveCapabilities & (1L << CAP_PERFMON)) != 0;
    return admin || bpfAndPerfmon;
  }

  /** A line of /proc/self/status, after its name; empty if this is not Linux's procfs. */
  private static Optional<String> statusField(String name) {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith(name))
          .map(l -> l.substring(name.length()).strip())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty(); // Not Linux's procfs as we know it; let the kernel decide.
    }
  }
}
