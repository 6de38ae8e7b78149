package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.Tracepoint;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.processor.ProbeProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kernel's formats, proven: for every tracepoint of the running kernel, in every
 * category, the processor generates the record and the C (one handler class per category, one
 * {@code @Tracepoint} method per event), javac compiles all the generated Java, bcc compiles each
 * category's C, the kernel's verifier accepts every tracepoint function, and the kernel lets each
 * be attached to its tracepoint (attaching is where it checks that the program reads no further
 * than the event's size). Each is detached before the next is attached, so the perf descriptors
 * stay bounded; the programs of a category are closed with its module.
 */
@RequiresKernel
class AllTracepointsKernelTest {

  private static final Path EVENTS = Path.of("/sys/kernel/tracing/events");

  /**
   * Events whose program the verifier may reject, or the kernel may refuse to attach, each with
   * the reason (measured on 6.18). Any other rejection fails the test.
   */
  private static final Map<String, String> EXCLUDED =
      Map.of(
          "irq_vectors:irq_work_exit",
          "the kernel refuses BPF on it: bpf_attach_tracepoint fails with EPERM as root");

  /**
   * Categories whose events have a format but are not tracepoints: ftrace's own ring-buffer
   * records ({@code function}, {@code print}, ...) have no {@code id}, or one perf cannot open
   * (ENOENT, EINVAL). Their programs must still load; only the attach is excused.
   */
  private static final Map<String, String> NOT_ATTACHABLE =
      Map.of("ftrace", "ftrace's internal records, not perf tracepoints");

  @Test
  void everyTracepointLoadsAndAttaches(@TempDir Path work) throws Exception {
    long start = System.nanoTime();
    Path events = Files.isDirectory(EVENTS) ? EVENTS : Kernel.tracefs().resolve("events");
    SortedMap<String, List<String>> categories = categories(events);

    Path sources = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<Path> files = new ArrayList<>();
    for (var category : categories.entrySet()) {
      Path dir = Files.createDirectories(sources.resolve(packageName(category.getKey()).replace('.', '/')));
      Path file = dir.resolve("AllProbes.java");
      Files.writeString(file, handlerSource(category.getKey(), category.getValue()));
      files.add(file);
    }
    compile(files, classes, events);
    long compiled = System.nanoTime();

    int generated = 0;
    int loaded = 0;
    int attached = 0;
    int excused = 0;
    SortedMap<String, String> rejected = new TreeMap<>();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      for (var category : categories.entrySet()) {
        ProbeProgram<?> program =
            (ProbeProgram<?>)
                loader
                    .loadClass(packageName(category.getKey()) + ".AllProbes_Ebpf4jProgram")
                    .getConstructor()
                    .newInstance();
        generated += program.probes().size();
        String source;
        try (InputStream in = loader.getResourceAsStream(program.bpfSourceResource())) {
          source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> names = category.getValue();
        // With the guards ProbeSession adds, and no second compile without them: a guard that
        // broke one of these programs would show here as its rejection.
        List<String> guards = UnusedHeaders.cflags(source, Libc.get().pageSize());
        try (BpfModule module = BpfModule.compile("the C of " + category.getKey(), source, guards)) {
          for (ProbeSpec probe : program.probes()) {
            AttachPoint attach = probe.preferred().get(0);
            String name = category.getKey() + ":" + names.get(probe.id());
            assertEquals(name, attach.target(), "the probe's tracepoint");
            try {
              module.load(attach.bpfFunction(), Libbcc.BPF_PROG_TYPE_TRACEPOINT);
              loaded++;
              if (NOT_ATTACHABLE.containsKey(category.getKey())) {
                excused++;
                continue;
              }
              module.attachTracepoint(attach.bpfFunction(), attach.target());
              attached++;
            } catch (BpfLoadException e) {
              rejected.put(name, verdict(e));
            } catch (Ebpf4jException e) {
              rejected.put(name, "attach: " + firstLine(e.getMessage()));
            } finally {
              module.detachAll();
            }
          }
        } catch (BpfCompileException e) {
          for (String event : names) {
            rejected.put(category.getKey() + ":" + event, "C: " + firstLine(e.getMessage()));
          }
        }
      }
    }
    long end = System.nanoTime();

    long formats = formatFiles(events);
    System.out.printf(
        "[measured] tracepoints=%d generated=%d loaded=%d attached=%d not attachable=%d"
            + " rejected=%d (javac %d s, bcc, verifier and attach %d s)%n",
        formats, generated, loaded, attached, excused, rejected.size(),
        (compiled - start) / 1_000_000_000L, (end - compiled) / 1_000_000_000L);
    rejected.forEach((name, reason) -> System.out.println("  rejected " + name + ": " + reason));
    SortedMap<String, String> unexpected = new TreeMap<>(rejected);
    unexpected.keySet().removeAll(EXCLUDED.keySet());
    assertEquals(new TreeMap<>(), unexpected, "events outside EXCLUDED were rejected");
    assertEquals(formats, generated, "a program for every format file under " + events);
    assertEquals(generated, attached + excused + rejected.size());
  }

  /**
   * Why {@link #everyTracepointLoadsAndAttaches} attaches: a program that reads past its event
   * loads (the verifier allows any offset below the largest event), and only the attach fails.
   */
  @Test
  void aProgramThatReadsPastItsEventLoadsButDoesNotAttach() {
    String program =
        """
        int too_far(void *ctx) {
          u64 beyond = *(volatile u64 *) ((char *) ctx + 1024);
          return beyond == 0;
        }
        """;
    try (BpfModule module = BpfModule.compile(program)) {
      module.load("too_far", Libbcc.BPF_PROG_TYPE_TRACEPOINT);
      NativeCallException e =
          assertThrows(
              NativeCallException.class,
              () -> module.attachTracepoint("too_far", "syscalls:sys_enter_getpid"));
      assertTrue(e.getMessage().contains("sys_enter_getpid"), e.getMessage());
    }
  }

  /**
   * Every other kind of probe, with strings of the largest size: the verifier accepts each of its
   * functions, preferred and fallback, as the program type the runtime attaches it as. Kprobe
   * programs load on a kernel without kprobes too; only attaching them needs CONFIG_KPROBES.
   */
  @Test
  void verifierAcceptsEveryProbeKind(@TempDir Path work) throws Exception {
    Path events = Files.isDirectory(EVENTS) ? EVENTS : Kernel.tracefs().resolve("events");
    Path dir = Files.createDirectories(work.resolve("src/io/ebpf4j/allkinds"));
    Path file = dir.resolve("AllKinds.java");
    Files.writeString(
        file,
        """
        package io.ebpf4j.allkinds;

        import io.ebpf4j.api.*;

        public class AllKinds {
          record ConnectArgs(long sk, long uaddr, int addrLen, short s, byte b, boolean z) {}

          @Kprobe("openat") void entry(OpenatEvent e) {}
          @Kprobe(value = "execve", stringSize = 4096) void exec(ExecveEvent e) {}
          @Kprobe(value = "renameat2", stringSize = 1) void rename(Renameat2Event e) {}
          @Kretprobe("openat") void exit(OpenatReturnEvent e) {}
          @Kretprobe(value = "openat", withEntry = true) void call(OpenatCallEvent e) {}
          @Kretprobe(value = "mount", withEntry = true, stringSize = 4096) void mount(MountCallEvent e) {}
          @Kretprobe(value = "getpid", withEntry = true) void getpid(GetpidCallEvent e) {}
          @Tracepoint(value = "syscalls:sys_enter_renameat2", stringSize = 4096)
          void renameTp(SysEnterRenameat2Event e) {}
          @Kprobe(function = "tcp_v4_connect") void connect(KernelCall<ConnectArgs> c) {}
          @Kretprobe(function = "tcp_v4_connect") void connected(KernelReturn r) {}
          @Uprobe(binary = "c", symbol = "getpid") void upid(UprobeEvent e) {}
          @Uretprobe(binary = "c", symbol = "getpid", pid = 1) void upidReturn(UretprobeEvent e) {}
        }
        """);
    Path classes = Files.createDirectories(work.resolve("classes"));
    compile(List.of(file), classes, events);
    List<String> rejected = new ArrayList<>();
    int loaded = 0;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      ProbeProgram<?> program =
          (ProbeProgram<?>)
              loader.loadClass("io.ebpf4j.allkinds.AllKinds_Ebpf4jProgram")
                  .getConstructor()
                  .newInstance();
      String source;
      try (InputStream in = loader.getResourceAsStream(program.bpfSourceResource())) {
        source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      try (BpfModule module = BpfModule.compile(source)) {
        for (ProbeSpec probe : program.probes()) {
          List<AttachPoint> all = new ArrayList<>(probe.preferred());
          all.addAll(probe.fallback());
          for (AttachPoint attach : all) {
            int type =
                attach.kind() == AttachKind.TRACEPOINT
                    ? Libbcc.BPF_PROG_TYPE_TRACEPOINT
                    : Libbcc.BPF_PROG_TYPE_KPROBE;
            try {
              module.load(attach.bpfFunction(), type);
              loaded++;
            } catch (BpfLoadException e) {
              rejected.add(probe.handler() + " " + attach + ": " + verdict(e));
            }
          }
        }
      }
    }
    System.out.println("probe kinds: loaded=" + loaded + " rejected=" + rejected.size());
    assertEquals(List.of(), rejected);
    assertEquals(25, loaded); // 12 probes: 5 with a fallback, 2 of those with two functions each
  }

  /**
   * How many {@code events/<category>/<event>/format} files there are, counted apart from {@link
   * #categories}, so that a category or event that it skipped would show.
   */
  private static long formatFiles(Path events) throws IOException {
    try (Stream<Path> found =
        Files.find(
            events,
            3,
            (path, attributes) ->
                attributes.isRegularFile()
                    && events.relativize(path).getNameCount() == 3
                    && path.getFileName().toString().equals("format"))) {
      return found.count();
    }
  }

  /** Every {@code <category>/<event>/format} under {@code events}, sorted. */
  private static SortedMap<String, List<String>> categories(Path events) throws IOException {
    SortedMap<String, List<String>> categories = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(events)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        SortedSet<String> names = new TreeSet<>();
        try (Stream<Path> entries = Files.list(dir)) {
          entries
              .filter(p -> Files.isRegularFile(p.resolve("format")))
              .forEach(p -> names.add(p.getFileName().toString()));
        }
        if (!names.isEmpty()) {
          categories.put(dir.getFileName().toString(), List.copyOf(names));
        }
      }
    }
    return categories;
  }

  /** A package per category, as record names are unique only within one. */
  private static String packageName(String category) {
    String segment = category.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return "io.ebpf4j.alltracepoints." + (Character.isJavaIdentifierStart(segment.charAt(0)) ? segment : "c" + segment);
  }

  /** The record name the processor gives an event, as {@link Tracepoint} documents it. */
  private static String recordName(String event) {
    StringBuilder name = new StringBuilder();
    for (String word : event.split("_")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      name.insert(0, "Sys");
    }
    return name.append("Event").toString();
  }

  private static String handlerSource(String category, List<String> events) {
    StringBuilder source =
        new StringBuilder("package " + packageName(category) + ";\n\npublic class AllProbes {\n");
    for (String event : events) {
      source
          .append("  @io.ebpf4j.api.Tracepoint(\"")
          .append(category)
          .append(':')
          .append(event)
          .append("\") void on_")
          .append(event)
          .append('(')
          .append(recordName(event))
          .append(" e) {}\n");
    }
    return source.append("}\n").toString();
  }

  /** javac with the processor, in this JVM, reading the formats of the running kernel. */
  private static void compile(List<Path> files, Path classes, Path events)
      throws IOException, URISyntaxException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      String api =
          Path.of(Tracepoint.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      List<String> options =
          List.of(
              "-d", classes.toString(),
              "-classpath", api,
              "-proc:full",
              "-A" + ProbeProcessor.FORMATS_OPTION + "=" + events,
              "-Xmaxerrs", "20");
      JavaCompiler.CompilationTask task =
          javac.getTask(
              new StringWriter(),
              fileManager,
              diagnostics,
              options,
              null,
              fileManager.getJavaFileObjectsFromPaths(files));
      task.setProcessors(List.of(new ProbeProcessor()));
      boolean ok = task.call();
      StringBuilder errors = new StringBuilder();
      diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
          .limit(20)
          .forEach(d -> errors.append(d).append('\n'));
      assertTrue(ok, "the generated Java does not compile:\n" + errors);
    }
  }

  /** The verifier's verdict: the last line of its log that is not a statistic. */
  private static String verdict(BpfLoadException e) {
    String[] lines = e.verifierLog().strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      String line = lines[i].strip();
      if (!line.isEmpty()
          && !line.startsWith("processed ")
          && !line.startsWith("verification time")
          && !line.startsWith("stack depth")) {
        return line;
      }
    }
    return firstLine(e.getMessage());
  }

  private static String firstLine(String text) {
    String t = text == null ? "" : text.strip();
    int newline = t.indexOf('\n');
    return newline < 0 ? t : t.substring(0, newline);
  }
}
