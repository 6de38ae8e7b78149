package io.ebpf4j.runtime;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.internal.AttachPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final Libc libc;
  private final KernelFacts kernel;
  private final String description;
  private ModuleBacking module;
  /** The cold compile to store on the first successful load, with its key; else null. */
  private PendingStore pending;
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

  /** A compile's program, stored in {@code cache} under {@code key} once one of its loads works. */
  private record PendingStore(ProgramCache cache, CacheKey key, CachedProgram program) {}

  private BpfModule(Platform platform, Libbcc bcc, String description, ModuleBacking module) {
    this.bcc = bcc;
    this.libc = platform.libc();
    this.kernel = platform.kernel();
    this.description = description;
    this.module = module;
  }

  /**
   * Compiles {@code cSource} with bcc's clang. bcc's macros ({@code BPF_HASH}, {@code
   * BPF_RINGBUF_OUTPUT}, ...) and the kernel's headers are available.
   *
   * <p>A program compiled before on this machine, with the same cflags, kernel, headers and
   * libbcc, loads from the program cache instead, without clang (README, "The program cache";
   * {@code -Debpf4j.cache=none} turns it off).
   *
   * @param cflags extra compiler flags, for example {@code -DMAX_ENTRIES=1024}
   * @throws BpfCompileException with clang's diagnostics if the source does not compile
   */
  public static BpfModule compile(String cSource, String... cflags) {
    return compile("the BPF C program", cSource, List.of(cflags));
  }

  static BpfModule compile(String description, String cSource, List<String> cflags) {
    return compile(description, cSource, cflags, Platform.host());
  }

  /**
   * As {@link #compile(String, String...)}, on {@code platform}'s kernel and libraries: from
   * {@code platform}'s {@link ProgramCache} if it holds this program, else with clang.
   */
  static BpfModule compile(
      String description, String cSource, List<String> cflags, Platform platform) {
    platform.kernel().requireBpfPrivileges();
    Libbcc bcc = platform.bcc().get();
    ProgramCache cache = platform.cache().get();
    CacheKey key = cache.enabled() ? cache.key(cSource, cflags) : null;
    if (key != null) {
      Optional<CachedProgram> hit = cache.find(key);
      if (hit.isPresent()) {
        try {
          BpfModule module =
              new BpfModule(
                  platform, bcc, description, CachedModule.open(bcc, platform.libc(), hit.get()));
          // Linking libbcc ran LLVM's static initializers, which fault in its code; no clang
          // runs in this process unless a later start misses.
          CompilerPages.releaseIfTouched(platform.libc());
          LOG.log(System.Logger.Level.DEBUG, "{0} loads from the cache: {1}", description, cache.file(key));
          return module;
        } catch (NativeCallException e) {
          LOG.log(
              System.Logger.Level.WARNING,
              "cannot make the maps of {0} from the cache, compiling it: {1}",
              description,
              e.getMessage());
        }
      }
    }
    BpfModule module;
    try {
      module = compileCold(description, cSource, cflags, platform, bcc);
    } finally {
      // LLVM's code pages stay resident after a compile, failed or not, unless given back:
      // bcc_free_memory for libbcc's own, CompilerPages for the LLVM libraries it links; and
      // the C heap keeps what clang allocated and freed until malloc_trim hands it back.
      bcc.freeMemory();
      CompilerPages.release(platform.libc());
      platform.libc().trimNativeHeap();
    }
    if (key != null) {
      CachedProgram.Capture captured = capture(bcc, module.bccHandle(), cSource);
      captured.program().ifPresentOrElse(
          program -> module.pending = new PendingStore(cache, key, program),
          () ->
              LOG.log(
                  System.Logger.Level.DEBUG,
                  "{0} is not cached: {1}",
                  description,
                  captured.refusal()));
    }
    return module;
  }

  /**
   * As {@link #compile(String, String, List, Platform)}, for C that ebpf4j generated: with the
   * {@link UnusedHeaders} guards, which spare clang the kernel headers bcc includes and the program
   * does not use. Should the guards ever break a compile (a later kernel's headers), it compiles
   * again without them, so that they can cost time but never fail a start; a program that does
   * not compile either way fails as it always did. The guards are cflags, so in the cache key.
   */
  static BpfModule compileGenerated(
      String description, String cSource, List<String> cflags, Platform platform) {
    List<String> guards = UnusedHeaders.cflags(cSource, platform.libc().pageSize());
    if (guards.isEmpty()) {
      return compile(description, cSource, cflags, platform);
    }
    List<String> guarded = new ArrayList<>(cflags);
    guarded.addAll(guards);
    try {
      return compile(description, cSource, guarded, platform);
    } catch (BpfCompileException e) {
      LOG.log(
          System.Logger.Level.DEBUG,
          "{0} does not compile with {1}, compiling it with the headers they skip: {2}",
          description,
          guards,
          e.getMessage());
      return compile(description, cSource, cflags, platform);
    }
  }

  /** What the cache would keep of a cold compile; a failure only means it is not kept. */
  private static CachedProgram.Capture capture(Libbcc bcc, MemorySegment handle, String source) {
    try {
      return CachedProgram.capture(bcc, handle, source);
    } catch (RuntimeException e) {
      // The cache never fails a start: this program just compiles again next time.
      return CachedProgram.Capture.refused(e.toString());
    }
  }

  /** Compiles with bcc's clang. */
  private static BpfModule compileCold(
      String description, String cSource, List<String> cflags, Platform platform, Libbcc bcc) {
    NativeOutputCapture.Result<MemorySegment> result =
        NativeOutputCapture.run(
            () -> {
              Set<Integer> mapsBefore = mapDescriptors();
              MemorySegment created = bcc.createModule(cSource, cflags);
              if (created.equals(MemorySegment.NULL)) {
                closeMapsLeftSince(mapsBefore, platform.libc());
              }
              return created;
            });
    if (result.value().equals(MemorySegment.NULL)) {
      throw new BpfCompileException(
          description, result.printed(), platform.kernel().missingHeadersHint());
    }
    if (!result.printed().isBlank()) {
      LOG.log(System.Logger.Level.DEBUG, "bcc compiling {0} printed:\n{1}", description, result.printed());
    }
    return new BpfModule(platform, bcc, description, new BccModule(bcc, result.value()));
  }

  /**
   * Closes the BPF maps opened since {@code before}. When the kernel refuses one of a module's
   * maps, bcc returns without closing the maps it already made (bcc 0.26, {@code
   * BPFModule::load_maps}: the new fds live only in a local table). Module creation runs inside
   * {@link NativeOutputCapture}'s lock, so no other ebpf4j call makes maps in the meantime.
   */
  private static void closeMapsLeftSince(Set<Integer> before, Libc libc) {
    for (int fd : mapDescriptors()) {
      if (!before.contains(fd)) {
        LOG.log(System.Logger.Level.DEBUG, "closing BPF map fd {0} left by a failed compile", fd);
        libc.close(fd);
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
    int fd = requireOpen().tableFd(name);
    if (fd < 0) {
      throw new Ebpf4jException(description + " has no map named `" + name + "`");
    }
    return fd;
  }

  /**
   * Map {@code name} as a table of keys {@code keyType} and values {@code valueType}: {@code
   * Integer}, {@code Long} ({@code Short}, {@code Byte}) for C integers, or a record whose
   * components are laid out as the C struct's fields (see {@link FixedSize} for arrays). For a
   * hash, an array or an LRU hash. A record's codec is made once per table: reflection finds its
   * components and canonical constructor then, and reading an entry calls the constructor through
   * a {@link java.lang.invoke.MethodHandle}.
   *
   * @throws IllegalArgumentException if a type cannot describe a C key or value
   * @throws Ebpf4jException if there is no such map ("did you mean"), if it is of another type,
   *     or if a Java type's size is not the C declaration's
   */
  public <K, V> BpfTable<K, V> table(String name, Class<K> keyType, Class<V> valueType) {
    return Tables.plain(this, name, MapCodec.of(keyType), MapCodec.of(valueType));
  }

  /** As {@link #table(String, Class, Class)}, each key and value a heap copy of its layout. */
  public BpfTable<MemorySegment, MemorySegment> table(
      String name, MemoryLayout keyLayout, MemoryLayout valueLayout) {
    return Tables.plain(this, name, MapCodec.of(keyLayout), MapCodec.of(valueLayout));
  }

  /** As {@link #table(String, Class, Class)}, for a per-CPU hash or array, or an LRU per-CPU hash. */
  public <K, V> PerCpuTable<K, V> perCpuTable(String name, Class<K> keyType, Class<V> valueType) {
    return Tables.perCpu(this, name, MapCodec.of(keyType), MapCodec.of(valueType));
  }

  /** As {@link #perCpuTable(String, Class, Class)}, by layouts. */
  public PerCpuTable<MemorySegment, MemorySegment> perCpuTable(
      String name, MemoryLayout keyLayout, MemoryLayout valueLayout) {
    return Tables.perCpu(this, name, MapCodec.of(keyLayout), MapCodec.of(valueLayout));
  }

  /** The stack-trace map {@code name} ({@code BPF_STACK_TRACE}). */
  public StackTraceTable stackTraceTable(String name) {
    return Tables.stackTraces(this, name);
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
      Map<String, Long> misses = KretprobeEvents.misses(kernel.tracefs());
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
    if (!kernel.hasKprobes()) {
      throw new Ebpf4jException(
          "cannot attach "
              + function
              + " as a "
              + kind
              + " on "
              + kernelFunction
              + ": this kernel has no kprobes (CONFIG_KPROBES is off; there is no"
              + " /sys/bus/event_source/devices/kprobe). Attach to a tracepoint instead, or run a"
              + " kernel built with CONFIG_KPROBES=y.");
    }
    int progFd = load(function, Libbcc.BPF_PROG_TYPE_KPROBE);
    if (ret) {
      KretprobeEvents.removeStaleOnce(kernel.tracefs());
    }
    String eventName = eventName(ret ? "r" : "p", kernelFunction);
    int perfFd =
        bcc.attachKprobe(
            progFd,
            ret,
            eventName,
            kernelFunction,
            maxActive,
            errno ->
                "cannot attach "
                    + function
                    + " as a "
                    + kind
                    + " on kernel function "
                    + kernelFunction
                    + " (is it in /proc/kallsyms, and not blacklisted for kprobes?)");
    attached.add(
        new Attached(perfFd, eventName, false, ret ? KretprobeEvents.listedName(eventName) : null));
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
    // The file is there (userModule saw it): what can be missing is the symbol.
    Libbcc.UserSymbol found =
        bcc.resolveSymbol(module, symbol, pid)
            .orElseThrow(
                () ->
                    new Ebpf4jException(
                        "cannot find symbol `"
                            + symbol
                            + "` in "
                            + module
                            + (module.equals(binary) ? "" : " (`" + binary + "`)")
                            + ": check the name with `nm -D "
                            + module
                            + "` (or `nm` for an unstripped binary)"));
    String path = found.path();
    String eventName = eventName(ret ? "r" : "p", path + "_" + symbol);
    int perfFd =
        bcc.attachUprobe(
            progFd,
            ret,
            eventName,
            path,
            found.offset(),
            pid,
            0,
            errno ->
                "cannot attach "
                    + function
                    + " to "
                    + path
                    + ":"
                    + symbol
                    + (errno == Libc.EACCES || errno == Libc.EPERM
                        ? "; uprobes need more privileges: " + Kernel.UPROBE_PRIVILEGES
                        : ""));
    attached.add(new Attached(perfFd, eventName, true, null));
    return record(
        new Attachment(
            function, ret ? AttachKind.URETPROBE : AttachKind.UPROBE, path + ":" + symbol));
  }

  /**
   * Attaches the entry points of USDT probe {@code usdt} that {@link UsdtProbes#entryPoints}
   * added to the program: one uprobe per location in each binary, with the probe's semaphore, if
   * it has one, counted by the kernel while attached.
   *
   * @throws Ebpf4jException naming the binary, the probe or the process that is missing
   */
  Attachment attachUsdt(AttachPoint usdt) {
    requireProcess(usdt.pid());
    List<UsdtProbes.Target> targets = UsdtProbes.targets(usdt);
    List<String> where = new ArrayList<>();
    for (int b = 0; b < targets.size(); b++) {
      UsdtProbes.Target target = targets.get(b);
      for (int i = 0; i < target.locations().size(); i++) {
        io.ebpf4j.api.internal.SdtNotes.Location location = target.locations().get(i);
        String function = UsdtProbes.entryFunction(usdt.bpfFunction(), b, i);
        int progFd = load(function, Libbcc.BPF_PROG_TYPE_KPROBE);
        String eventName = eventName("u", usdt.target() + "_" + i);
        int perfFd =
            bcc.attachUprobe(
                progFd,
                false,
                eventName,
                target.path(),
                location.fileOffset(),
                usdt.pid(),
                location.semaphoreFileOffset(),
                errno ->
                    "cannot attach " + function + " to " + usdt.target() + " at 0x"
                        + Long.toHexString(location.fileOffset()) + " in " + target.path()
                        + (errno == Libc.EACCES || errno == Libc.EPERM
                            ? "; uprobes need more privileges: " + Kernel.UPROBE_PRIVILEGES
                            : ""));
        attached.add(new Attached(perfFd, eventName, true, null));
      }
      where.add(target.path() + ":" + usdt.target() + " (" + target.locations().size()
          + (target.locations().size() == 1 ? " location)" : " locations)"));
    }
    return record(new Attachment(usdt.bpfFunction(), AttachKind.USDT, String.join(", ", where)));
  }

  /** Fails, naming the process, unless {@code pid} is -1 or a running process. */
  private void requireProcess(int pid) {
    if (pid == -1) {
      return;
    }
    if (pid <= 0) {
      throw new IllegalArgumentException(
          "pid is a process id, or -1 for every process; got " + pid);
    }
    int pidMax = kernel.pidMax();
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
    return bcc.whichSo(binary, pid > 0 ? pid : 0)
        .orElseThrow(
            () ->
                new Ebpf4jException(
                    "no library named `"
                        + binary
                        + "` (lib"
                        + binary
                        + ".so) "
                        + (pid > 0
                            ? "is loaded by process " + pid + " (see /proc/" + pid + "/maps)"
                            : "is in the loader's cache (see `ldconfig -p`)")
                        + ": give a path for a program, like \"/usr/bin/bash\", or a library"
                        + " name like \"c\" for libc"));
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
    java.nio.file.Path events = kernel.tracefs().resolve("events").resolve(category).resolve(name);
    if (!java.nio.file.Files.isDirectory(events)) {
      throw new Ebpf4jException(
          "this kernel has no tracepoint " + tracepoint + " (no " + events + ")");
    }
    int progFd = load(function, Libbcc.BPF_PROG_TYPE_TRACEPOINT);
    int perfFd =
        bcc.attachTracepoint(
            progFd,
            category,
            name,
            errno ->
                "cannot attach "
                    + function
                    + " to tracepoint "
                    + tracepoint
                    + (errno == Libc.EACCES || errno == Libc.EPERM
                        ? "; tracepoints need more privileges: " + Kernel.TRACEPOINT_PRIVILEGES
                        : ""));
    attached.add(new Attached(perfFd, null, false, null));
    return record(new Attachment(function, AttachKind.TRACEPOINT, tracepoint));
  }

  /**
   * Attaches C function {@code function}, taking a {@code struct bpf_perf_event_data *}, to
   * perf event {@code event} sampled {@code hz} times a second on every online CPU, for every
   * process: the way {@code profile} samples. Filter processes in the C (by {@code
   * bpf_get_current_pid_tgid()}).
   *
   * @throws IllegalArgumentException if {@code hz} is not positive or is above the kernel's
   *     {@code perf_event_max_sample_rate}
   * @throws Ebpf4jException if this machine has no such event (a hardware event without a PMU),
   *     or the process may not open perf events
   */
  public Attachment attachPerfEvent(String function, SampleEvent event, int hz) {
    int maxRate = PerfEventLimits.maxSampleRate();
    if (hz < 1 || hz > maxRate) {
      throw new IllegalArgumentException(
          "hz is samples a second on each CPU, from 1 to this kernel's"
              + " perf_event_max_sample_rate, "
              + maxRate
              + " (/proc/sys/kernel/perf_event_max_sample_rate); got "
              + hz);
    }
    PerfEventLimits.requireEvent(event, PerfEventLimits.EVENT_SOURCES, function);
    int progFd = load(function, Libbcc.BPF_PROG_TYPE_PERF_EVENT);
    for (int cpu : OnlineCpus.host()) {
      int perfFd =
          bcc.attachPerfEvent(
              progFd,
              event.type(),
              event.config(),
              hz,
              cpu,
              errno -> PerfEventLimits.attachFailure(function, event, errno));
      attached.add(new Attached(perfFd, null, false, null));
    }
    return record(new Attachment(function, AttachKind.PERF_EVENT, event.perfName() + "@" + hz));
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
    ModuleBacking m = requireOpen();
    if (!m.hasFunction(function)) {
      throw new Ebpf4jException(
          description + " has no function `" + function + "`; it has " + m.functionNames());
    }
    // The verifier's log comes back in a buffer, whole and apart from anything else printed
    // meanwhile. bcc fills it only on failure (it retries with log level 1, libbpf.c), and then
    // also prints it and its hints on stderr, which the capture keeps for the hints.
    NativeOutputCapture.Result<Libbcc.Loaded> result =
        m.loadCapturing(function, programType, VERIFIER_LOG_BYTES);
    Libbcc.Loaded load = result.value();
    if (load.fd() < 0) {
      if (load.errno() == Libc.EPERM) {
        kernel.requireBpfPrivileges();
      }
      throw new BpfLoadException(function, load.errno(), load.verifierLog(), hints(result.printed()));
    }
    loaded.put(key, load.fd());
    if (pending != null) {
      // The kernel took one: the compile is worth keeping. Its other functions are bcc's output
      // all the same, and on a hit fail to verify as they would have.
      pending.cache().store(pending.key(), pending.program());
      pending = null;
    }
    return load.fd();
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

  /** The names of the module's maps. */
  List<String> tableNames() {
    return requireOpen().tableNames();
  }

  /** The file descriptors of the functions loaded so far. */
  List<Integer> programFds() {
    return List.copyOf(loaded.values());
  }

  /** The libbcc this module was compiled with, for the counters' map lookups. */
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
      try {
        int errno = bcc.closePerfEvent(a.perfFd());
        if (errno != 0) {
          LOG.log(
              System.Logger.Level.WARNING,
              "bpf_close_perf_event_fd({0}) failed: {1}",
              a.perfFd(),
              libc.strerror(errno));
        }
        if (a.eventName() != null) {
          // Only a probe made through kprobe_events/uprobe_events (kernels before 4.17) is still
          // listed; for the others bcc finds nothing and returns.
          if (a.user()) {
            bcc.detachUprobe(a.eventName());
          } else {
            bcc.detachKprobe(a.eventName());
          }
        }
      } catch (RuntimeException | Error e) {
        LOG.log(System.Logger.Level.WARNING, "detaching failed", e);
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
      libc.close(fd);
    }
    loaded.clear();
    try {
      module.close();
    } finally {
      module = null;
    }
  }

  /** What bcc declared of map {@code name}; empty if there is none. Fails if closed. */
  Optional<Libbcc.TableInfo> tableInfo(String name) {
    return requireOpen().tableInfo(name);
  }

  /** Whether the module was loaded from the cache, without clang. */
  boolean fromCache() {
    return module instanceof CachedModule;
  }

  /** bcc's module handle, right after a cold compile. */
  private MemorySegment bccHandle() {
    return ((BccModule) module).handle();
  }

  /** Whether {@link #close()} ran: the tables check before each call. */
  boolean isClosed() {
    return module == null;
  }

  /** What the module was compiled from, for messages: "the BPF C program". */
  String description() {
    return description;
  }

  private ModuleBacking requireOpen() {
    if (module == null) {
      throw new IllegalStateException(description + " is closed");
    }
    return module;
  }
}
