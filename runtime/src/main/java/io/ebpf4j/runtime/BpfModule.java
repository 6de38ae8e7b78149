package io.ebpf4j.runtime;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

import io.ebpf4j.api.AttachKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BPF C program compiled by bcc, with its maps, loaded functions and attachments. This is the
 * native passthrough: hand over your own C, as with bcc's {@code BPF(text=...)}, and attach its
 * functions by name.
 *
 * <pre>{@code
 * try (BpfModule module = BpfModule.compile("""
 *         int hello(void *ctx) { bpf_trace_printk("Hello, World!\\n"); return 0; }
 *         """);
 *      TracePipe pipe = TracePipe.open()) {
 *   module.attachTracepoint("hello", "syscalls:sys_enter_clone");
 *   System.out.println(pipe.next(Duration.ofSeconds(5)));
 * }
 * }</pre>
 *
 * <p>{@link #close()} detaches everything, closes the loaded programs and frees the module. A
 * module is not thread-safe.
 */
public final class BpfModule implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BpfModule.class.getName());
  private static final AtomicInteger PROBE_SEQUENCE = new AtomicInteger();

  private final Libbcc bcc;
  private final String description;
  private MemorySegment module;
  private final Map<String, Integer> loaded = new HashMap<>();
  private long detachedMisses;
  private final List<Attached> attached = new ArrayList<>();
  private final List<Attachment> attachments = new ArrayList<>();

  /**
   * One perf event fd that holds a BPF program on a probe point, and the probe event's name when
   * bcc may have made it through kprobe_events or uprobe_events.
   */
  /**
   * @param listedName for a kretprobe made in {@code kprobe_events}, its name in {@code
   *     kprobe_profile}, where its misses are counted; else null
   */
  private record Attached(int perfFd, String eventName, boolean user, String listedName) {}

  private BpfModule(Libbcc bcc, String description, MemorySegment module) {
    this.bcc = bcc;
    this.description = description;
    this.module = module;
  }

  /**
   * Compiles {@code cSource} with bcc's clang. bcc's macros ({@code BPF_HASH}, {@code
   * BPF_RINGBUF_OUTPUT}, ...) and the kernel's headers are available.
   *
   * @param cflags extra compiler flags, for example {@code -DMAX_ENTRIES=1024}
   * @throws BpfCompileException with clang's diagnostics if the source does not compile
   */
  public static BpfModule compile(String cSource, String... cflags) {
    return compile("the BPF C program", cSource, List.of(cflags));
  }

  static BpfModule compile(String description, String cSource, List<String> cflags) {
    Kernel.requireBpfPrivileges();
    Libbcc bcc = Libbcc.get();
    NativeOutputCapture.Result<MemorySegment> result =
        NativeOutputCapture.run(
            () -> {
              Set<Integer> mapsBefore = mapDescriptors();
              try (Arena arena = Arena.ofConfined()) {
                MemorySegment flags = arena.allocate(ValueLayout.ADDRESS, Math.max(1, cflags.size()));
                for (int i = 0; i < cflags.size(); i++) {
                  flags.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(cflags.get(i)));
                }
                MemorySegment created =
                    (MemorySegment)
                        bcc.moduleCreateFromString.invokeExact(
                            arena.allocate(Libc.CALL_STATE),
                            arena.allocateFrom(cSource),
                            0,
                            flags,
                            cflags.size(),
                            true,
                            MemorySegment.NULL);
                if (created.equals(MemorySegment.NULL)) {
                  closeMapsLeftSince(mapsBefore);
                }
                return created;
              } catch (Throwable t) {
                throw rethrow(t);
              }
            });
    if (result.value().equals(MemorySegment.NULL)) {
      throw new BpfCompileException(description, result.printed(), Kernel.missingHeadersHint());
    }
    if (!result.printed().isBlank()) {
      LOG.log(System.Logger.Level.DEBUG, "bcc compiling {0} printed:\n{1}", description, result.printed());
    }
    return new BpfModule(bcc, description, result.value());
  }

  /**
   * Closes the BPF maps opened since {@code before}. When the kernel refuses one of a module's
   * maps, bcc returns without closing the maps it already made (bcc 0.26, {@code
   * BPFModule::load_maps}: the new fds live only in a local table). Module creation runs inside
   * {@link NativeOutputCapture}'s lock, so no other ebpf4j call makes maps in the meantime.
   */
  private static void closeMapsLeftSince(Set<Integer> before) {
    for (int fd : mapDescriptors()) {
      if (!before.contains(fd)) {
        LOG.log(System.Logger.Level.DEBUG, "closing BPF map fd {0} left by a failed compile", fd);
        Libc.close(fd);
      }
    }
  }

  /** This process's file descriptors that are BPF maps ({@code anon_inode:bpf-map}). */
  private static Set<Integer> mapDescriptors() {
    Set<Integer> fds = new HashSet<>();
    try (DirectoryStream<Path> links = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
      for (Path link : links) {
        try {
          if (Files.readSymbolicLink(link).toString().equals("anon_inode:bpf-map")) {
            fds.add(Integer.parseInt(link.getFileName().toString()));
          }
        } catch (IOException closedMeanwhile) {
          // The fd closed while we listed (the listing's own, for one): not a map.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fds;
  }

  /** The file descriptor of the map {@code name}, for use with the {@code bpf(2)} map calls. */
  public int tableFd(String name) {
    MemorySegment m = requireOpen();
    try (Arena arena = Arena.ofConfined()) {
      int fd = (int) bcc.tableFd.invokeExact(m, arena.allocateFrom(name));
      if (fd < 0) {
        throw new Ebpf4jException(description + " has no map named `" + name + "`");
      }
      return fd;
    } catch (Ebpf4jException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Attaches C function {@code function} to the entry of kernel function {@code kernelFunction}.
   *
   * @throws Ebpf4jException if this kernel has no kprobes ({@code CONFIG_KPROBES} is off)
   */
  public Attachment attachKprobe(String function, String kernelFunction) {
    return attachKernelProbe(function, kernelFunction, 0);
  }

  /**
   * Attaches C function {@code function} to the return of kernel function {@code
   * kernelFunction}; {@code PT_REGS_RC(ctx)} is the return value.
   *
   * @throws Ebpf4jException if this kernel has no kprobes ({@code CONFIG_KPROBES} is off)
   */
  public Attachment attachKretprobe(String function, String kernelFunction) {
    return attachKretprobe(function, kernelFunction, KretprobeEvents.DEFAULT_MAX_ACTIVE);
  }

  /**
   * Attaches C function {@code function} to the return of kernel function {@code
   * kernelFunction}, following at most {@code maxActive} calls in flight at once (1 to 4096, as
   * bcc's {@code maxactive}). A call that finds all of them taken is missed, and counted in
   * {@link #kretprobeMisses()}.
   *
   * @throws Ebpf4jException if this kernel has no kprobes ({@code CONFIG_KPROBES} is off)
   */
  public Attachment attachKretprobe(String function, String kernelFunction, int maxActive) {
    if (maxActive < 1 || maxActive > 4096) {
      throw new IllegalArgumentException(
          "maxActive must be between 1 and 4096 (the kernel's limit); got " + maxActive);
    }
    return attachKernelProbe(function, kernelFunction, maxActive);
  }

  /**
   * The calls the kretprobes of this module missed because more were in flight than their
   * {@code maxActive}, counted by the kernel, including those of kretprobes detached since.
   */
  public long kretprobeMisses() {
    long total = detachedMisses;
    if (attached.stream().anyMatch(a -> a.listedName() != null)) {
      Map<String, Long> misses = KretprobeEvents.misses();
      for (Attached a : attached) {
        if (a.listedName() != null) {
          total += misses.getOrDefault(a.listedName(), 0L);
        }
      }
    }
    return total;
  }

  /** @param maxActive 0 for a kprobe, else the kretprobe's calls in flight */
  private Attachment attachKernelProbe(String function, String kernelFunction, int maxActive) {
    boolean ret = maxActive > 0;
    String kind = ret ? "kretprobe" : "kprobe";
    if (!Kernel.hasKprobes()) {
      throw new Ebpf4jException(
          "cannot attach "
              + function
              + " as a "
              + kind
              + " on "
              + kernelFunction
              + ": this kernel has no kprobes (CONFIG_KPROBES is off; there is no"
              + " /sys/bus/event_source/devices/kprobe). AttachPoint to a tracepoint instead, or run a"
              + " kernel built with CONFIG_KPROBES=y.");
    }
    int progFd = load(function, Libbcc.BPF_PROG_TYPE_KPROBE);
    if (ret) {
      KretprobeEvents.removeStaleOnce();
    }
    String eventName = eventName(ret ? "r" : "p", kernelFunction);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int perfFd =
          (int)
              bcc.attachKprobe.invokeExact(
                  state,
                  progFd,
                  ret ? Libbcc.BPF_PROBE_RETURN : Libbcc.BPF_PROBE_ENTRY,
                  arena.allocateFrom(eventName),
                  arena.allocateFrom(kernelFunction),
                  0L,
                  maxActive);
      if (perfFd < 0) {
        throw new NativeCallException(
            "bpf_attach_kprobe",
            Libc.errno(state),
            "cannot attach "
                + function
                + " as a "
                + kind
                + " on kernel function "
                + kernelFunction
                + " (is it in /proc/kallsyms, and not blacklisted for kprobes?)");
      }
      attached.add(
          new Attached(perfFd, eventName, false, ret ? KretprobeEvents.listedName(eventName) : null));
    } catch (Ebpf4jException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
    return record(
        new Attachment(
            function, ret ? AttachKind.KRETPROBE : AttachKind.KPROBE, kernelFunction));
  }

  /**
   * Attaches C function {@code function} to the entry of user-space function {@code symbol} in
   * {@code binary}: a path, or a library name as bcc resolves it ({@code "c"} is libc).
   *
   * @param pid the one process to probe, or -1 for every process that runs the binary
   * @throws IllegalArgumentException if {@code pid} is neither -1 nor a possible process id
   * @throws Ebpf4jException naming what is missing: the binary, the library, the process or the
   *     symbol
   */
  public Attachment attachUprobe(String function, String binary, String symbol, int pid) {
    return attachUserProbe(function, binary, symbol, pid, false);
  }

  /** As {@link #attachUprobe}, on the function's return; {@code PT_REGS_RC(ctx)} is the value. */
  public Attachment attachUretprobe(String function, String binary, String symbol, int pid) {
    return attachUserProbe(function, binary, symbol, pid, true);
  }

  private Attachment attachUserProbe(
      String function, String binary, String symbol, int pid, boolean ret) {
    requireProcess(pid);
    String module = userModule(binary, pid);
    int progFd = load(function, Libbcc.BPF_PROG_TYPE_KPROBE);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment sym = arena.allocate(Libbcc.BCC_SYMBOL);
      int rc =
          (int)
              bcc.resolveSymname.invokeExact(
                  arena.allocateFrom(module),
                  arena.allocateFrom(symbol),
                  0L,
                  pid < 0 ? 0 : pid,
                  MemorySegment.NULL,
                  sym);
      if (rc < 0) {
        // The file is there (userModule saw it): what is missing is the symbol.
        throw new Ebpf4jException(
            "cannot find symbol `"
                + symbol
                + "` in "
                + module
                + (module.equals(binary) ? "" : " (`" + binary + "`)")
                + ": check the name with `nm -D "
                + module
                + "` (or `nm` for an unstripped binary)");
      }
      MemorySegment modulePath =
          sym.get(ValueLayout.ADDRESS, Libbcc.BCC_SYMBOL.byteOffset(groupElement("module")));
      long offset = sym.get(ValueLayout.JAVA_LONG, Libbcc.BCC_SYMBOL.byteOffset(groupElement("offset")));
      String path = modulePath.reinterpret(4096).getString(0);
      bcc.procutilsFree.invokeExact(modulePath);
      String eventName = eventName(ret ? "r" : "p", path + "_" + symbol);
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int perfFd =
          (int)
              bcc.attachUprobe.invokeExact(
                  state,
                  progFd,
                  ret ? Libbcc.BPF_PROBE_RETURN : Libbcc.BPF_PROBE_ENTRY,
                  arena.allocateFrom(eventName),
                  arena.allocateFrom(path),
                  offset,
                  pid,
                  0);
      if (perfFd < 0) {
        int errno = Libc.errno(state);
        throw new NativeCallException(
            "bpf_attach_uprobe",
            errno,
            "cannot attach "
                + function
                + " to "
                + path
                + ":"
                + symbol
                + (errno == Libc.EACCES || errno == Libc.EPERM
                    ? "; uprobes need more privileges: " + Kernel.UPROBE_PRIVILEGES
                    : ""));
      }
      attached.add(new Attached(perfFd, eventName, true, null));
      return record(
          new Attachment(
              function,
              ret ? AttachKind.URETPROBE : AttachKind.UPROBE,
              path + ":" + symbol));
    } catch (Ebpf4jException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Fails, naming the process, unless {@code pid} is -1 or a running process. */
  private static void requireProcess(int pid) {
    if (pid == -1) {
      return;
    }
    if (pid <= 0) {
      throw new IllegalArgumentException(
          "pid is a process id, or -1 for every process; got " + pid);
    }
    int pidMax = Kernel.pidMax();
    if (pid >= pidMax) {
      throw new IllegalArgumentException(
          "pid "
              + pid
              + " cannot be a process: this kernel's process ids are below "
              + pidMax
              + " (/proc/sys/kernel/pid_max)");
    }
    if (!Files.isDirectory(Path.of("/proc", Integer.toString(pid)))) {
      throw new Ebpf4jException(
          "no process with pid "
              + pid
              + " (there is no /proc/"
              + pid
              + "): start it first, or probe every process with pid -1");
    }
  }

  /**
   * The file bcc will read the symbols of: {@code binary} itself if it is a path, else the path
   * of the library of that name, the way {@code bcc_resolve_symname} looks it up. Fails naming
   * the binary or the library, not the symbol, when that is what is missing.
   */
  private String userModule(String binary, int pid) {
    if (binary.contains("/")) {
      // With a pid, bcc reads the binary in that process's root: a container's file system.
      Path seen = pid > 0 ? Path.of("/proc/" + pid + "/root" + Path.of(binary).toAbsolutePath()) : Path.of(binary);
      if (!Files.exists(seen)) {
        throw new Ebpf4jException(
            "no binary "
                + binary
                + (pid > 0 ? " in the file system of process " + pid + " (" + seen + ")" : "")
                + ": give the path of an executable or a shared library");
      }
      if (!Files.isRegularFile(seen)) {
        throw new Ebpf4jException(
            binary + " is not a file: give the path of an executable or a shared library");
      }
      return binary;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment path =
          (MemorySegment)
              bcc.procutilsWhichSo.invokeExact(arena.allocateFrom(binary), pid > 0 ? pid : 0);
      if (path.equals(MemorySegment.NULL)) {
        throw new Ebpf4jException(
            "no library named `"
                + binary
                + "` (lib"
                + binary
                + ".so) "
                + (pid > 0
                    ? "is loaded by process " + pid + " (see /proc/" + pid + "/maps)"
                    : "is in the loader's cache (see `ldconfig -p`)")
                + ": give a path for a program, like \"/usr/bin/bash\", or a library name like"
                + " \"c\" for libc");
      }
      try {
        return path.reinterpret(4096).getString(0);
      } finally {
        bcc.procutilsFree.invokeExact(path);
      }
    } catch (Ebpf4jException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * A name for a probe event: unique in the machine, and short enough for the kernel's 64-byte
   * limit on event names (MAX_EVENT_NAME_LEN) even after bcc appends {@code _bcc_<pid>} when it
   * goes through kprobe_events/uprobe_events, which it does when the process may not open the
   * kprobe/uprobe PMU directly. Of {@code where}, the end is kept: it holds the symbol.
   */
  static String eventName(String prefix, String where) {
    long pid = ProcessHandle.current().pid();
    String head = "ebpf4j_" + prefix + "_";
    String tail = "_" + pid + "_" + PROBE_SEQUENCE.incrementAndGet();
    int room = MAX_EVENT_NAME - head.length() - tail.length() - ("_bcc_" + pid).length();
    String sanitized = where.replaceAll("[^A-Za-z0-9_]", "_");
    return head + sanitized.substring(Math.max(0, sanitized.length() - room)) + tail;
  }

  /** The kernel's MAX_EVENT_NAME_LEN, less the terminating NUL. */
  private static final int MAX_EVENT_NAME = 63;

  /**
   * Attaches C function {@code function} to tracepoint {@code tracepoint}, written {@code
   * category:name} as in {@code /sys/kernel/tracing/events/<category>/<name>}.
   */
  public Attachment attachTracepoint(String function, String tracepoint) {
    int colon = tracepoint.indexOf(':');
    if (colon <= 0 || colon == tracepoint.length() - 1) {
      throw new IllegalArgumentException(
          "a tracepoint is written category:name, like syscalls:sys_enter_bind; got `"
              + tracepoint
              + "`");
    }
    String category = tracepoint.substring(0, colon);
    String name = tracepoint.substring(colon + 1);
    java.nio.file.Path events = Kernel.tracefs().resolve("events").resolve(category).resolve(name);
    if (!java.nio.file.Files.isDirectory(events)) {
      throw new Ebpf4jException(
          "this kernel has no tracepoint " + tracepoint + " (no " + events + ")");
    }
    int progFd = load(function, Libbcc.BPF_PROG_TYPE_TRACEPOINT);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int perfFd =
          (int)
              bcc.attachTracepoint.invokeExact(
                  state, progFd, arena.allocateFrom(category), arena.allocateFrom(name));
      if (perfFd < 0) {
        int errno = Libc.errno(state);
        throw new NativeCallException(
            "bpf_attach_tracepoint",
            errno,
            "cannot attach "
                + function
                + " to tracepoint "
                + tracepoint
                + (errno == Libc.EACCES || errno == Libc.EPERM
                    ? "; tracepoints need more privileges: " + Kernel.TRACEPOINT_PRIVILEGES
                    : ""));
      }
      attached.add(new Attached(perfFd, null, false, null));
    } catch (Ebpf4jException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
    return record(new Attachment(function, AttachKind.TRACEPOINT, tracepoint));
  }

  /** Everything attached so far, in order. */
  public List<Attachment> attachments() {
    return List.copyOf(attachments);
  }

  private Attachment record(Attachment attachment) {
    attachments.add(attachment);
    return attachment;
  }

  /**
   * Loads {@code function} as a program of {@code programType} into the kernel, once; returns
   * its fd.
   */
  int load(String function, int programType) {
    String key = function + "/" + programType;
    Integer existing = loaded.get(key);
    if (existing != null) {
      return existing;
    }
    MemorySegment m = requireOpen();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment name = arena.allocateFrom(function);
      MemorySegment start = (MemorySegment) bcc.functionStart.invokeExact(m, name);
      if (start.equals(MemorySegment.NULL)) {
        throw new Ebpf4jException(
            description + " has no function `" + function + "`; it has " + functionNames());
      }
      long size = (long) bcc.functionSize.invokeExact(m, name);
      MemorySegment license = (MemorySegment) bcc.moduleLicense.invokeExact(m);
      int kernVersion = (int) bcc.moduleKernVersion.invokeExact(m);
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      // The verifier's log comes back in this buffer, whole and apart from anything else
      // printed meanwhile. bcc fills it only on failure (it retries with log level 1, libbpf.c),
      // and then also prints it and its hints on stderr, which the capture keeps for the hints.
      MemorySegment log = arena.allocate(VERIFIER_LOG_BYTES);
      NativeOutputCapture.Result<Integer> result =
          NativeOutputCapture.run(
              () -> {
                try {
                  return (int)
                      bcc.funcLoad.invokeExact(
                          state, m, programType, name, start, (int) size, license, kernVersion, 0,
                          log, VERIFIER_LOG_BYTES, MemorySegment.NULL, -1);
                } catch (Throwable t) {
                  throw rethrow(t);
                }
              });
      int fd = result.value();
      if (fd < 0) {
        int errno = fd < -1 ? -fd : Libc.errno(state);
        if (errno == Libc.EPERM) {
          Kernel.requireBpfPrivileges();
        }
        throw new BpfLoadException(function, errno, log.getString(0), hints(result.printed()));
      }
      loaded.put(key, fd);
      return fd;
    } catch (Ebpf4jException e) {
      throw e;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Room for the verifier's log; since Linux 6.4 the kernel keeps its end, the verdict, if longer. */
  private static final int VERIFIER_LOG_BYTES = 1 << 20;

  /** bcc's "HINT: ..." paragraphs on what a verifier message usually means (libbpf.c). */
  private static String hints(String printed) {
    StringBuilder hints = new StringBuilder();
    for (String line : printed.split("\n")) {
      if (line.startsWith("HINT: ")) {
        hints.append(line).append('\n');
      }
    }
    return hints.toString();
  }

  private List<String> functionNames() throws Throwable {
    long count = (long) bcc.numFunctions.invokeExact(module);
    List<String> names = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      MemorySegment name = (MemorySegment) bcc.functionName.invokeExact(module, i);
      names.add(name.reinterpret(4096).getString(0));
    }
    return names;
  }

  /** The names of the module's maps. */
  List<String> tableNames() {
    MemorySegment m = requireOpen();
    try {
      long count = (long) bcc.numTables.invokeExact(m);
      List<String> names = new ArrayList<>();
      for (long i = 0; i < count; i++) {
        MemorySegment name = (MemorySegment) bcc.tableName.invokeExact(m, i);
        names.add(name.reinterpret(4096).getString(0));
      }
      return names;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** The file descriptors of the functions loaded so far. */
  List<Integer> programFds() {
    return List.copyOf(loaded.values());
  }

  /** The module's native handle, for the ring buffer reader and map lookups. */
  Libbcc bcc() {
    return bcc;
  }

  /**
   * Detaches every attached function, so no new events are written. Idempotent. Failures are
   * logged: a detach that fails leaves nothing this process can do better.
   */
  void detachAll() {
    try {
      // Their line in kprobe_profile goes with them.
      detachedMisses = kretprobeMisses();
    } catch (Ebpf4jException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot count the kretprobes' misses", e);
    }
    for (Attached a : attached) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(Libc.CALL_STATE);
        int rc = (int) bcc.closePerfEventFd.invokeExact(state, a.perfFd());
        if (rc < 0) {
          LOG.log(
              System.Logger.Level.WARNING,
              "bpf_close_perf_event_fd({0}) failed: {1}",
              a.perfFd(),
              Libc.strerror(Libc.errno(state)));
        }
        if (a.eventName() != null) {
          // Only a probe made through kprobe_events/uprobe_events (kernels before 4.17) is still
          // listed; for the others bcc finds nothing and returns.
          MemorySegment name = arena.allocateFrom(a.eventName());
          int ignored =
              a.user()
                  ? (int) bcc.detachUprobe.invokeExact(state, name)
                  : (int) bcc.detachKprobe.invokeExact(state, name);
        }
      } catch (Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "detaching failed", t);
      }
    }
    attached.clear();
  }

  /** Detaches everything, closes the loaded programs and frees the module. Idempotent. */
  @Override
  public void close() {
    if (module == null) {
      return;
    }
    detachAll();
    for (int fd : loaded.values()) {
      Libc.close(fd);
    }
    loaded.clear();
    try {
      bcc.moduleDestroy.invokeExact(module);
    } catch (Throwable t) {
      throw rethrow(t);
    } finally {
      module = null;
    }
  }

  private MemorySegment requireOpen() {
    if (module == null) {
      throw new IllegalStateException(description + " is closed");
    }
    return module;
  }

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }
}
