package io.ebpf4j.runtime;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * {@link Libbcc} whose calls on compiled programs go straight to the kernel through {@link
 * BpfSyscalls}: maps made, read and written, programs loaded from instructions, tracepoints and
 * probes attached through perf events (kretprobes with a {@code maxactive} made in {@code
 * kprobe_events} first). What needs bcc itself (compiling, a module's functions and maps,
 * symbols) goes to libbcc, linked on the first such call. A session whose program comes from the
 * {@link ProgramCache} and attaches to tracepoints or kernel probes thus never maps libbcc, nor
 * the LLVM it links, and a cold session makes the same kernel calls
 * as a cached one.
 *
 * <p>A direct call that the kernel refuses is made again through bcc, which has its retries
 * (memlock limit, kernels without object names or probe PMUs) and words the failure as ebpf4j
 * always did, the verifier's log and bcc's hints included. Reading maps has no retry: their
 * outcomes are the kernel's.
 */
final class SyscallBcc implements Libbcc {
  private static final System.Logger LOG = System.getLogger(SyscallBcc.class.getName());

  private static final SyscallBcc HOST =
      new SyscallBcc(
          BpfSyscalls.get(),
          () -> KernelFacts.host().tracefs(),
          Path.of("/sys/bus/event_source/devices"),
          Libbcc::get);

  /** {@code PERF_TYPE_TRACEPOINT}, {@code PERF_SAMPLE_RAW} and {@code PERF_FLAG_FD_CLOEXEC}. */
  private static final int PERF_TYPE_TRACEPOINT = 2;

  private static final long PERF_SAMPLE_RAW = 1 << 10;
  private static final long PERF_FLAG_FD_CLOEXEC = 8;

  /** The {@code freq} bit of {@code perf_event_attr}'s flags: sample_freq, not sample_period. */
  private static final long PERF_ATTR_FREQ = 1 << 10;

  /** {@code PERF_ATTR_SIZE_VER5}: every field ebpf4j sets, and known to kernels since 4.1. */
  private static final int PERF_ATTR_BYTES = 112;

  /** {@code BPF_OBJ_NAME_LEN}, with its NUL. */
  private static final int OBJECT_NAME_BYTES = 16;

  private final BpfSyscalls sys;
  private final Supplier<Path> tracefs;
  private final Path eventSources;
  private final Supplier<Libbcc> bcc;

  /** Probe events attached here, through a PMU: closing their fd removes them. */
  private final Set<String> direct = ConcurrentHashMap.newKeySet();

  /** Kretprobes made here in {@code kprobe_events}: removed there once their fd is closed. */
  private final Set<String> listed = ConcurrentHashMap.newKeySet();

  /**
   * @param eventSources {@code /sys/bus/event_source/devices}, where the probe PMUs are
   * @param bcc libbcc, asked for on the first call that needs it
   */
  SyscallBcc(
      BpfSyscalls sys, Supplier<Path> tracefs, Path eventSources, Supplier<Libbcc> bcc) {
    this.sys = sys;
    this.tracefs = tracefs;
    this.eventSources = eventSources;
    this.bcc = bcc;
  }

  /** This machine's kernel, and its libbcc when needed. */
  static SyscallBcc host() {
    return HOST;
  }

  /**
   * The probe events attached here, through a PMU or (kretprobes with a {@code maxactive}) in
   * {@code kprobe_events}, and not yet detached: which path an attach took, for tests, as a probe
   * that libbcc attached after the kernel refused is not among them.
   */
  Set<String> directProbes() {
    Set<String> all = new java.util.HashSet<>(direct);
    all.addAll(listed);
    return Set.copyOf(all);
  }

  /** libbcc, for {@code what}, which the kernel refused when asked directly: said at DEBUG. */
  private Libbcc retriedByBcc(String what) {
    LOG.log(
        System.Logger.Level.DEBUG, "the kernel refused {0} asked directly; asking libbcc", what);
    return bcc.get();
  }

  // ----- maps

  @Override
  public int createMap(
      int type,
      String name,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      IntFunction<String> failure) {
    try (Arena arena = Arena.ofConfined()) {
      // union bpf_attr, BPF_MAP_CREATE: type, key_size, value_size, max_entries, map_flags,
      // inner_map_fd, numa_node, map_name[16]
      MemorySegment attr = arena.allocate(48, 8);
      attr.set(JAVA_INT, 0, type);
      attr.set(JAVA_INT, 4, keySize);
      attr.set(JAVA_INT, 8, valueSize);
      attr.set(JAVA_INT, 12, maxEntries);
      attr.set(JAVA_INT, 16, flags);
      putName(attr, 28, name);
      long fd = sys.bpf(BpfSyscalls.BPF_MAP_CREATE, attr);
      if (fd >= 0) {
        return (int) fd;
      }
    }
    return retriedByBcc("map " + name)
        .createMap(type, name, keySize, valueSize, maxEntries, flags, failure);
  }

  @Override
  public void lookup(int mapFd, MemorySegment key, MemorySegment value, String failure) {
    long rc = element(BpfSyscalls.BPF_MAP_LOOKUP_ELEM, mapFd, key, value, 0);
    if (rc < 0) {
      throw new NativeCallException("bpf_lookup_elem", (int) -rc, failure);
    }
  }

  @Override
  public boolean lookupIfPresent(
      int mapFd, MemorySegment key, MemorySegment value, String failure) {
    return present(
        element(BpfSyscalls.BPF_MAP_LOOKUP_ELEM, mapFd, key, value, 0), "bpf_lookup_elem", failure);
  }

  @Override
  public void update(
      int mapFd, MemorySegment key, MemorySegment value, long flags, String failure) {
    long rc = element(BpfSyscalls.BPF_MAP_UPDATE_ELEM, mapFd, key, value, flags);
    if (rc < 0) {
      throw new NativeCallException("bpf_update_elem", (int) -rc, failure);
    }
  }

  @Override
  public boolean delete(int mapFd, MemorySegment key, String failure) {
    return present(
        element(BpfSyscalls.BPF_MAP_DELETE_ELEM, mapFd, key, MemorySegment.NULL, 0),
        "bpf_delete_elem",
        failure);
  }

  @Override
  public boolean nextKey(int mapFd, MemorySegment key, MemorySegment next, String failure) {
    return present(
        element(BpfSyscalls.BPF_MAP_GET_NEXT_KEY, mapFd, key, next, 0), "bpf_get_next_key", failure);
  }

  @Override
  public int lookupBatch(
      int mapFd,
      MemorySegment inBatch,
      MemorySegment outBatch,
      MemorySegment keys,
      MemorySegment values,
      MemorySegment count) {
    try (Arena arena = Arena.ofConfined()) {
      // attr.batch: in_batch, out_batch, keys, values, count, map_fd, elem_flags, flags
      MemorySegment attr = arena.allocate(56, 8);
      attr.set(JAVA_LONG, 0, address(inBatch));
      attr.set(JAVA_LONG, 8, address(outBatch));
      attr.set(JAVA_LONG, 16, address(keys));
      attr.set(JAVA_LONG, 24, address(values));
      MemorySegment counted = count.reinterpret(4);
      attr.set(JAVA_INT, 32, counted.get(JAVA_INT, 0));
      attr.set(JAVA_INT, 36, mapFd);
      long rc = sys.bpf(BpfSyscalls.BPF_MAP_LOOKUP_BATCH, attr);
      // The kernel sets the count on ENOENT too: the last batch may hold entries.
      counted.set(JAVA_INT, 0, attr.get(JAVA_INT, 32));
      return rc >= 0 ? 0 : (int) -rc;
    }
  }

  @Override
  public void objectInfo(int fd, MemorySegment info, MemorySegment length, String failure) {
    try (Arena arena = Arena.ofConfined()) {
      // attr.info: bpf_fd, info_len, info
      MemorySegment attr = arena.allocate(16, 8);
      MemorySegment len = length.reinterpret(4);
      attr.set(JAVA_INT, 0, fd);
      attr.set(JAVA_INT, 4, len.get(JAVA_INT, 0));
      attr.set(JAVA_LONG, 8, address(info));
      long rc = sys.bpf(BpfSyscalls.BPF_OBJ_GET_INFO_BY_FD, attr);
      if (rc < 0) {
        throw new NativeCallException("bpf_obj_get_info_by_fd", (int) -rc, failure);
      }
      len.set(JAVA_INT, 0, attr.get(JAVA_INT, 4));
    }
  }

  /** One of the element calls, whose attr is {@code map_fd, key, value or next_key, flags}. */
  private long element(int command, int mapFd, MemorySegment key, MemorySegment value, long flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment attr = arena.allocate(32, 8);
      attr.set(JAVA_INT, 0, mapFd);
      attr.set(JAVA_LONG, 8, address(key));
      attr.set(JAVA_LONG, 16, address(value));
      attr.set(JAVA_LONG, 24, flags);
      return sys.bpf(command, attr);
    }
  }

  /** True for {@code rc} 0, false for ENOENT; any other errno is a {@link NativeCallException}. */
  private static boolean present(long rc, String function, String failure) {
    if (rc >= 0) {
      return true;
    }
    if (rc == -Libc.ENOENT) {
      return false;
    }
    throw new NativeCallException(function, (int) -rc, failure);
  }

  /** The address the kernel is given: native memory only, NULL as 0. */
  private static long address(MemorySegment segment) {
    if (!segment.isNative()) {
      throw new IllegalArgumentException("the kernel reads native memory only, not " + segment);
    }
    return segment.address();
  }

  /** Writes {@code name}, cut to the kernel's 15 characters, at {@code offset}. */
  private static void putName(MemorySegment attr, long offset, String name) {
    byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
    MemorySegment.copy(bytes, 0, attr, JAVA_BYTE, offset, Math.min(bytes.length, OBJECT_NAME_BYTES - 1));
  }

  // ----- programs

  @Override
  public Loaded loadProgram(
      int programType,
      String name,
      byte[] instructions,
      String license,
      int kernelVersion,
      int logBytes) {
    // Verified without a log, as bcc does first; bcc loads it again with one.
    return loadDirect(programType, name, instructions, license, kernelVersion)
        .orElseGet(
            () -> retriedByBcc("program " + name)
                .loadProgram(programType, name, instructions, license, kernelVersion, logBytes));
  }

  /**
   * {@code BPF_PROG_LOAD} of {@code instructions}, without a verifier's log: the program, or
   * empty if the kernel refused it (then {@link #loadProgram} has bcc load it again, for the log
   * and its hints). Prints nothing.
   */
  Optional<Loaded> loadDirect(
      int programType, String name, byte[] instructions, String license, int kernelVersion) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment insns = arena.allocate(instructions.length, 8);
      MemorySegment.copy(instructions, 0, insns, JAVA_BYTE, 0, instructions.length);
      // attr, BPF_PROG_LOAD: prog_type, insn_cnt, insns, license, log_level, log_size, log_buf,
      // kern_version, prog_flags, prog_name[16]
      MemorySegment attr = arena.allocate(72, 8);
      attr.set(JAVA_INT, 0, programType);
      attr.set(JAVA_INT, 4, instructions.length / 8);
      attr.set(JAVA_LONG, 8, insns.address());
      attr.set(JAVA_LONG, 16, arena.allocateFrom(license).address());
      attr.set(JAVA_INT, 40, kernelVersion);
      putName(attr, 48, name);
      long fd = sys.bpf(BpfSyscalls.BPF_PROG_LOAD, attr);
      return fd >= 0 ? Optional.of(new Loaded((int) fd, 0, "")) : Optional.empty();
    }
  }

  // ----- attaching

  @Override
  public int attachTracepoint(int progFd, String category, String name, IntFunction<String> failure) {
    Optional<Long> id = number(tracefs.get().resolve("events").resolve(category).resolve(name).resolve("id"));
    if (id.isPresent()) {
      int fd = attachTracepointId(progFd, id.get());
      if (fd >= 0) {
        return fd;
      }
    }
    return retriedByBcc("tracepoint " + category + ":" + name)
        .attachTracepoint(progFd, category, name, failure);
  }

  /** The tracepoint of tracefs id {@code id}, running program {@code progFd}: its fd, or -1. */
  private int attachTracepointId(int progFd, long id) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment attr = perfAttr(arena, PERF_TYPE_TRACEPOINT, id);
      attr.set(JAVA_LONG, 24, PERF_SAMPLE_RAW);
      // pid -1 and cpu 0: a tracepoint runs its BPF programs on every CPU.
      return attach(progFd, sys.perfEventOpen(attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC));
    }
  }

  @Override
  public int attachKprobe(
      int progFd,
      boolean ret,
      String eventName,
      String kernelFunction,
      int maxActive,
      IntFunction<String> failure) {
    // The PMU has no maxactive: such a kretprobe is made in kprobe_events, as bcc would.
    int fd =
        maxActive == 0
            ? attachProbe("kprobe", progFd, ret, kernelFunction, 0, 0, -1)
            : attachListedKretprobe(progFd, eventName, kernelFunction, maxActive);
    if (fd >= 0) {
      (maxActive == 0 ? direct : listed).add(eventName);
      return fd;
    }
    return retriedByBcc("kprobe " + eventName)
        .attachKprobe(progFd, ret, eventName, kernelFunction, maxActive, failure);
  }

  /**
   * A kretprobe following {@code maxActive} calls in flight, made in tracefs's {@code
   * kprobe_events} under the name bcc gives it ({@link KretprobeEvents#listedName}, which {@link
   * KretprobeEvents} reads the misses of and sweeps), then attached as the tracepoint the kernel
   * lists for it: the event's fd, or -1 (with the event removed) if the kernel refused.
   */
  private int attachListedKretprobe(
      int progFd, String eventName, String kernelFunction, int maxActive) {
    if (!KretprobeEvents.add(tracefs.get(), eventName, kernelFunction, maxActive)) {
      return -1;
    }
    String name = KretprobeEvents.listedName(eventName);
    Optional<Long> id = number(tracefs.get().resolve("events/kprobes").resolve(name).resolve("id"));
    int fd = id.isPresent() ? attachTracepointId(progFd, id.get()) : -1;
    if (fd < 0) {
      KretprobeEvents.remove(tracefs.get(), eventName);
    }
    return fd;
  }

  @Override
  public int attachUprobe(
      int progFd,
      boolean ret,
      String eventName,
      String path,
      long offset,
      int pid,
      long refCtrOffset,
      IntFunction<String> failure) {
    int fd = attachProbe("uprobe", progFd, ret, path, offset, refCtrOffset, pid);
    if (fd >= 0) {
      direct.add(eventName);
      return fd;
    }
    return retriedByBcc("uprobe " + eventName)
        .attachUprobe(progFd, ret, eventName, path, offset, pid, refCtrOffset, failure);
  }

  /**
   * A probe through the {@code kprobe} or {@code uprobe} PMU (Linux 4.17+): {@code config1}
   * points at the function's name or the file's path, {@code config2} is the offset, and {@code
   * config} has the PMU's return-probe bit and, for a uprobe, the semaphore's offset above bit
   * 32. The event's fd, or -1 if this kernel or the call refused it.
   */
  private int attachProbe(
      String pmu, int progFd, boolean ret, String target, long offset, long refCtrOffset, int pid) {
    Path device = eventSources.resolve(pmu);
    Optional<Long> type = number(device.resolve("type"));
    Optional<Long> retBit = ret ? returnBit(device.resolve("format").resolve("retprobe")) : Optional.of(0L);
    if (type.isEmpty() || retBit.isEmpty()) {
      return -1;
    }
    long config = (ret ? 1L << retBit.get() : 0) | refCtrOffset << 32;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment attr = perfAttr(arena, type.get().intValue(), config);
      attr.set(JAVA_LONG, 56, arena.allocateFrom(target).address());
      attr.set(JAVA_LONG, 64, offset);
      // The kernel refuses pid -1 with cpu -1; a probe runs its programs on every CPU anyway.
      int p = pid < 0 ? -1 : pid;
      return attach(progFd, sys.perfEventOpen(attr, p, p == -1 ? 0 : -1, -1, PERF_FLAG_FD_CLOEXEC));
    }
  }

  /**
   * {@code bpf_attach_perf_event}'s call, made here: perf event {@code type}/{@code config}
   * sampled {@code frequency} times a second on {@code cpu}, for every process, running the
   * program on each sample; the event's fd. bcc has no fallback for it, so a refusal is the
   * {@link NativeCallException} bcc's would be. (Not marked {@code @Override}: {@link Libbcc}
   * declares it once the software and hardware perf events are merged.)
   */
  public int attachPerfEvent(
      int progFd, int type, int config, long frequency, int cpu, IntFunction<String> failure) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment attr = arena.allocate(PERF_ATTR_BYTES, 8);
      attr.set(JAVA_INT, 0, type);
      attr.set(JAVA_INT, 4, PERF_ATTR_BYTES);
      attr.set(JAVA_LONG, 8, Integer.toUnsignedLong(config));
      attr.set(JAVA_LONG, 16, frequency); // sample_freq, with the freq bit
      attr.set(JAVA_LONG, 40, PERF_ATTR_FREQ);
      long fd = sys.perfEventOpen(attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC);
      if (fd < 0) {
        throw new NativeCallException("bpf_attach_perf_event", (int) -fd, failure.apply((int) -fd));
      }
      int event = (int) fd;
      long rc = sys.ioctl(event, BpfSyscalls.PERF_EVENT_IOC_SET_BPF, progFd);
      if (rc >= 0) {
        rc = sys.ioctl(event, BpfSyscalls.PERF_EVENT_IOC_ENABLE, 0);
      }
      if (rc < 0) {
        sys.close(event);
        throw new NativeCallException("bpf_attach_perf_event", (int) -rc, failure.apply((int) -rc));
      }
      return event;
    }
  }

  /** A {@code perf_event_attr} that wakes on every event. */
  private static MemorySegment perfAttr(Arena arena, int type, long config) {
    MemorySegment attr = arena.allocate(PERF_ATTR_BYTES, 8);
    attr.set(JAVA_INT, 0, type);
    attr.set(JAVA_INT, 4, PERF_ATTR_BYTES);
    attr.set(JAVA_LONG, 8, config);
    attr.set(JAVA_LONG, 16, 1); // sample_period
    attr.set(JAVA_INT, 48, 1); // wakeup_events
    return attr;
  }

  /**
   * Hands program {@code progFd} to perf event {@code fd} and enables it: the fd, or -1 (with
   * the event closed) if {@code fd} is an error or the kernel refused.
   */
  private int attach(int progFd, long fd) {
    if (fd < 0) {
      return -1;
    }
    int event = (int) fd;
    if (sys.ioctl(event, BpfSyscalls.PERF_EVENT_IOC_SET_BPF, progFd) < 0
        || sys.ioctl(event, BpfSyscalls.PERF_EVENT_IOC_ENABLE, 0) < 0) {
      sys.close(event);
      return -1;
    }
    return event;
  }

  @Override
  public int closePerfEvent(int perfFd) {
    long disabled = sys.ioctl(perfFd, BpfSyscalls.PERF_EVENT_IOC_DISABLE, 0);
    long closed = sys.close(perfFd);
    return (int) -(disabled < 0 ? disabled : Math.min(closed, 0));
  }

  @Override
  public void detachKprobe(String eventName) {
    if (listed.remove(eventName)) {
      if (!KretprobeEvents.remove(tracefs.get(), eventName)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot remove kprobe event {0}; the next session removes it",
            KretprobeEvents.listedName(eventName));
      }
    } else if (!direct.remove(eventName)) {
      bcc.get().detachKprobe(eventName);
    }
  }

  @Override
  public void detachUprobe(String eventName) {
    if (!direct.remove(eventName)) {
      bcc.get().detachUprobe(eventName);
    }
  }

  /** The number a sysfs or tracefs file holds; empty if there is no such file. */
  private static Optional<Long> number(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The bit of a PMU's {@code format/retprobe}, written {@code config:0}; empty if unknown. */
  private static Optional<Long> returnBit(Path format) {
    try {
      String text = Files.readString(format).strip();
      return text.startsWith("config:")
          ? Optional.of(Long.parseLong(text.substring("config:".length())))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  // ----- bcc's own

  @Override
  public MemorySegment createModule(String source, List<String> cflags) {
    return bcc.get().createModule(source, cflags);
  }

  @Override
  public void destroyModule(MemorySegment module) {
    bcc.get().destroyModule(module);
  }

  @Override
  public int tableFd(MemorySegment module, String name) {
    return bcc.get().tableFd(module, name);
  }

  @Override
  public List<String> tableNames(MemorySegment module) {
    return bcc.get().tableNames(module);
  }

  @Override
  public List<String> functionNames(MemorySegment module) {
    return bcc.get().functionNames(module);
  }

  @Override
  public boolean hasFunction(MemorySegment module, String function) {
    return bcc.get().hasFunction(module, function);
  }

  @Override
  public Loaded loadFunction(MemorySegment module, String function, int programType, int logBytes) {
    return bcc.get().loadFunction(module, function, programType, logBytes);
  }

  @Override
  public Optional<UserSymbol> resolveSymbol(String module, String symbol, int pid) {
    return bcc.get().resolveSymbol(module, symbol, pid);
  }

  @Override
  public Optional<String> whichSo(String library, int pid) {
    return bcc.get().whichSo(library, pid);
  }

  @Override
  public Optional<TableInfo> tableInfo(MemorySegment module, String name) {
    return bcc.get().tableInfo(module, name);
  }

  @Override
  public int freeMemory() {
    return bcc.get().freeMemory();
  }

  @Override
  public String license(MemorySegment module) {
    return bcc.get().license(module);
  }

  @Override
  public int kernelVersion(MemorySegment module) {
    return bcc.get().kernelVersion(module);
  }

  @Override
  public byte[] instructions(MemorySegment module, String function) {
    return bcc.get().instructions(module, function);
  }

  @Override
  public int tableFlags(MemorySegment module, String name) {
    return bcc.get().tableFlags(module, name);
  }
}
