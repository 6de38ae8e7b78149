package io.ebpf4j.runtime;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.HotspotFlags;
import io.ebpf4j.api.internal.SdtArgument;
import io.ebpf4j.api.internal.SdtNotes;
import io.ebpf4j.processor.shape.UsdtHit;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The run-time side of USDT probes: which binaries a probe attaches to, the notes of each, and the
 * C entry point of each location, appended to the program before it compiles. An entry point reads
 * the location's arguments where its note says they are and calls the probe's emit function; the
 * program's macro {@code <emit>_argc} says how many that takes, and the entry point asserts it, so
 * a binary whose probe has other arguments than the build saw fails to compile, saying so.
 */
final class UsdtProbes {
  private static final System.Logger LOG = System.getLogger(UsdtProbes.class.getName());

  /** The {@code libjvm.so} of JDKs installed the Debian way. */
  private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

  static final String NO_NOTES_ADVICE =
      "its JDK was built without SDT notes (configure --enable-dtrace); Eclipse Temurin's,"
          + " Debian's and Ubuntu's openjdk packages and Red Hat's builds have them, Oracle's"
          + " builds do not";

  /** The locations of one probe in one binary; {@code path} is what the uprobe attaches to. */
  record Target(String path, List<SdtNotes.Location> locations) {}

  private UsdtProbes() {}

  /** The entry point of location {@code location} of binary {@code binary} of a probe. */
  static String entryFunction(String emitFunction, int binary, int location) {
    return emitFunction + "_usdt_" + binary + "_" + location;
  }

  /** The C of every USDT probe's entry points, or "" if {@code plan} has none. */
  static String entryPoints(List<PlannedProbe> plan) {
    StringBuilder c = new StringBuilder();
    for (PlannedProbe probe : plan) {
      for (AttachPoint a : probe.attaches()) {
        if (a.kind() == AttachKind.USDT) {
          List<Target> targets = targets(a);
          for (int b = 0; b < targets.size(); b++) {
            Target t = targets.get(b);
            for (int i = 0; i < t.locations().size(); i++) {
              c.append(entryPoint(a.bpfFunction(), b, i, t.path(), t.locations().get(i)));
            }
          }
        }
      }
    }
    return c.toString();
  }

  private static String entryPoint(
      String emit, int binary, int index, String path, SdtNotes.Location location) {
    String where = location.probe() + " at 0x" + Long.toHexString(location.address()) + " in "
        + path;
    List<SdtArgument> arguments;
    try {
      arguments = location.arguments();
    } catch (IllegalArgumentException e) {
      throw new Ebpf4jException("cannot read the SDT note of " + where + ": " + e.getMessage());
    }
    StringBuilder c = new StringBuilder();
    c.append("\n/* ").append(where.replace("*/", "* /")).append(": ")
        .append(location.argumentSpec().replace("*/", "* /")).append(" */\n");
    c.append("_Static_assert(").append(emit).append("_argc == ").append(arguments.size())
        .append(", \"").append(location.probe()).append(" has ").append(arguments.size())
        .append(" arguments in ").append(path.replace("\"", "")).append(", not as many as when"
            + " the program was compiled: rebuild against this binary\");\n");
    c.append("int ").append(entryFunction(emit, binary, index)).append("(struct pt_regs *ctx) {\n");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String name = "arg" + i;
      names.add(name);
      c.append("  u64 ").append(name).append(" = 0;\n  ")
          .append(SdtArgumentC.read(arguments.get(i), name, where)).append("\n");
    }
    // A probe with stacks says so by a macro; its emit function takes the context first.
    String call = emit + "(" + String.join(", ", names) + ")";
    List<String> withCtx = new ArrayList<>(List.of("ctx"));
    withCtx.addAll(names);
    String withContext = emit + "(" + String.join(", ", withCtx) + ")";
    c.append("#ifdef ").append(emit).append(UsdtHit.CONTEXT_SUFFIX).append("\n  return ")
        .append(withContext).append(";\n#else\n  return ").append(call)
        .append(";\n#endif\n}\n");
    return c.toString();
  }

  /**
   * The binaries of {@code a} that have its probe, each with its locations, in a stable order.
   *
   * @throws Ebpf4jException naming the binary and the fix when there is none
   */
  static List<Target> targets(AttachPoint a) {
    requireX86();
    String provider = a.target().substring(0, a.target().indexOf(':'));
    List<Path> candidates = candidates(a);
    List<Target> found = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (Path binary : candidates) {
      List<SdtNotes.Location> notes = notes(binary);
      List<SdtNotes.Location> locations =
          notes.stream().filter(l -> l.probe().equals(a.target())).toList();
      if (!locations.isEmpty()) {
        found.add(new Target(binary.toString(), locations));
      } else {
        without.add(binary + (notes.isEmpty() ? " (no SDT notes)" : ""));
      }
    }
    if (found.isEmpty()) {
      boolean noNotes = candidates.stream().allMatch(p -> notes(p).isEmpty());
      throw new Ebpf4jException(
          "no USDT probe " + a.target() + " in "
              + (without.isEmpty() ? "any binary" : String.join(", ", without))
              + (noNotes && provider.equals("hotspot") ? ": " + NO_NOTES_ADVICE
                  : noNotes ? ": the binary has no SDT notes (readelf -n shows them)"
                  : ": list its probes with `readelf -n " + candidates.get(0) + "`"));
    }
    if (!without.isEmpty()) {
      LOG.log(Level.DEBUG, "{0}: not in {1}", a.target(), without);
    }
    return found;
  }

  private static List<Path> candidates(AttachPoint a) {
    if (!a.binary().isEmpty()) {
      Path path = a.pid() > 0
          ? Path.of("/proc/" + a.pid() + "/root" + a.binary())
          : Path.of(a.binary());
      if (!Files.isRegularFile(path)) {
        throw new Ebpf4jException(
            "no binary " + path + ": give the path of the executable or library with the probe");
      }
      return List.of(path);
    }
    if (a.pid() > 0) {
      return List.of(libjvmOf(a.pid()));
    }
    TreeSet<Path> jvms = new TreeSet<>();
    addReal(jvms, Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so"));
    if (Files.isDirectory(JVM_DIRECTORY)) {
      try (DirectoryStream<Path> jdks = Files.newDirectoryStream(JVM_DIRECTORY)) {
        for (Path jdk : jdks) {
          addReal(jvms, jdk.resolve("lib/server/libjvm.so"));
        }
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "cannot list " + JVM_DIRECTORY, e);
      }
    }
    return List.copyOf(jvms);
  }

  private static void addReal(TreeSet<Path> jvms, Path libjvm) {
    try {
      if (Files.isRegularFile(libjvm)) {
        jvms.add(libjvm.toRealPath());
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "cannot resolve " + libjvm, e);
    }
  }

  /** The {@code libjvm.so} process {@code pid} has mapped, through its root (a container's). */
  static Path libjvmOf(int pid) {
    Path maps = Path.of("/proc/" + pid + "/maps");
    try {
      for (String line : Files.readAllLines(maps, StandardCharsets.UTF_8)) {
        int slash = line.indexOf('/');
        if (slash > 0 && line.endsWith("/libjvm.so")) {
          return Path.of("/proc/" + pid + "/root" + line.substring(slash));
        }
      }
    } catch (IOException e) {
      throw new Ebpf4jException(
          "cannot read " + maps + " (" + e.getMessage() + "): is process " + pid + " running?");
    }
    throw new Ebpf4jException(
        "process " + pid + " has no libjvm.so mapped (" + maps + "): it is not a HotSpot JVM");
  }

  private static List<SdtNotes.Location> notes(Path binary) {
    try {
      return SdtNotes.read(binary);
    } catch (IOException e) {
      throw new Ebpf4jException("cannot read the SDT notes of " + binary + ": " + e.getMessage());
    }
  }

  private static void requireX86() {
    String arch = System.getProperty("os.arch");
    if (!arch.equals("amd64") && !arch.equals("x86_64")) {
      throw new Ebpf4jException(
          "USDT probes are read for x86-64 only, and this is " + arch
              + ": trace a @Uprobe on the function around the probe instead");
    }
  }

  /**
   * Fails if a {@code hotspot} probe of {@code plan} needs a {@code -XX} flag that its target
   * JVM, {@code process} (or the probe's pid), was started without; warns where the target is
   * every JVM, since the probe stays silent in those without it.
   */
  static void checkJvmFlags(List<PlannedProbe> plan, int process) {
    for (PlannedProbe probe : plan) {
      for (AttachPoint a : probe.attaches()) {
        if (a.kind() != AttachKind.USDT || !a.target().startsWith("hotspot:")) {
          continue;
        }
        Optional<String> flag = HotspotFlags.requiredFlag(a.target().substring("hotspot:".length()));
        if (flag.isEmpty()) {
          continue;
        }
        int pid = a.pid() > 0 ? a.pid() : process;
        if (pid <= 0) {
          LOG.log(Level.WARNING,
              "{0}: {1} fires only in JVMs started with -XX:+{2}; others stay silent",
              probe.spec().handler(), a.target(), flag.get());
          continue;
        }
        JvmFlags.require(pid, a.target(), flag.get());
      }
    }
  }
}
