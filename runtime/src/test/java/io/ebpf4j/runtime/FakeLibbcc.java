package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A libbcc that compiles nothing and logs every call, for start and failure paths without a
 * kernel. Its module has the functions and maps the test names; loads and attaches hand out
 * made-up descriptors, and the test picks which attach or load fails. {@link RecordingLibc}
 * writes the descriptors closed into the same {@link #calls() log}, so that a test sees the
 * release in order.
 */
final class FakeLibbcc implements Libbcc {
  static final MemorySegment MODULE = MemorySegment.ofAddress(0xb0cc);
  static final int EINVAL = 22;

  private final Set<String> functions;
  private final Map<String, Integer> maps;
  private final List<String> calls;
  private int nextFd = 100;
  private int attaches;

  /** Fails the attach with this number, from 1; 0 for none. */
  int failingAttach;
  /** Fails loading this function; null for none. */
  String failingLoad;
  /** Makes the module not compile. */
  boolean compileFails;
  /** Makes the module not compile with this cflag; null for none. */
  String failingCflag;
  /** What {@link #loadProgram} gives; null for a fake with no cache. */
  Loaded programLoad;
  /** The cflags of the last compile. */
  List<String> cflags = List.of();
  /** The source of the last compile. */
  String source;
  /** Whether {@link #update} writes {@code "update <fd> [<key>] = <value>"} into the calls. */
  boolean logUpdates;

  FakeLibbcc(Set<String> functions, Set<String> maps, List<String> calls) {
    this.functions = functions;
    this.maps = new HashMap<>();
    for (String map : maps) {
      this.maps.put(map, nextFd++);
    }
    this.calls = calls;
  }

  /** Every call so far, in order: {@code "load first -> 102"}, {@code "destroy"}, ... */
  List<String> calls() {
    return calls;
  }

  @Override
  public MemorySegment createModule(String source, List<String> cflags) {
    this.cflags = List.copyOf(cflags);
    this.source = source;
    calls.add("create");
    boolean fails = compileFails || (failingCflag != null && cflags.contains(failingCflag));
    return fails ? MemorySegment.NULL : MODULE;
  }

  @Override
  public void destroyModule(MemorySegment module) {
    requireModule(module);
    calls.add("destroy");
  }

  @Override
  public int tableFd(MemorySegment module, String name) {
    requireModule(module);
    return maps.getOrDefault(name, -1);
  }

  @Override
  public List<String> tableNames(MemorySegment module) {
    requireModule(module);
    return List.copyOf(maps.keySet());
  }

  @Override
  public List<String> functionNames(MemorySegment module) {
    requireModule(module);
    return List.copyOf(functions);
  }

  @Override
  public boolean hasFunction(MemorySegment module, String function) {
    requireModule(module);
    return functions.contains(function);
  }

  @Override
  public Loaded loadFunction(MemorySegment module, String function, int programType, int logBytes) {
    requireModule(module);
    if (function.equals(failingLoad)) {
      calls.add("load " + function + " failed");
      return new Loaded(-EINVAL, EINVAL, "0: R1 invalid mem access 'scalar'\n");
    }
    int fd = nextFd++;
    calls.add("load " + function + " -> " + fd);
    return new Loaded(fd, 0, "");
  }

  private int attach(String what, IntFunction<String> failure, String function) {
    if (++attaches == failingAttach) {
      calls.add("attach " + what + " failed");
      throw new NativeCallException(function, EINVAL, failure.apply(EINVAL));
    }
    int fd = nextFd++;
    calls.add("attach " + what + " -> " + fd);
    return fd;
  }

  @Override
  public int attachKprobe(
      int progFd,
      boolean ret,
      String eventName,
      String kernelFunction,
      int maxActive,
      IntFunction<String> failure) {
    return attach(
        (ret ? "kretprobe " : "kprobe ") + kernelFunction + " as " + eventName,
        failure,
        "bpf_attach_kprobe");
  }

  @Override
  public int attachPerfEvent(
      int progFd, int type, int config, long frequency, int cpu, IntFunction<String> failure) {
    return attach(
        "perf event " + type + "/" + config + " at " + frequency + " Hz on cpu " + cpu,
        failure,
        "bpf_attach_perf_event");
  }

  @Override
  public int attachTracepoint(int progFd, String category, String name, IntFunction<String> failure) {
    return attach("tracepoint " + category + ":" + name, failure, "bpf_attach_tracepoint");
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
    return attach(
        (ret ? "uretprobe " : "uprobe ") + path + "+" + offset + " as " + eventName,
        failure,
        "bpf_attach_uprobe");
  }

  @Override
  public int closePerfEvent(int perfFd) {
    calls.add("close perf event " + perfFd);
    return 0;
  }

  @Override
  public void detachKprobe(String eventName) {
    calls.add("detach kprobe " + eventName);
  }

  @Override
  public void detachUprobe(String eventName) {
    calls.add("detach uprobe " + eventName);
  }

  @Override
  public Optional<UserSymbol> resolveSymbol(String module, String symbol, int pid) {
    return Optional.of(new UserSymbol(module, 0x40));
  }

  @Override
  public Optional<String> whichSo(String library, int pid) {
    return Optional.of("/usr/lib/lib" + library + ".so");
  }

  @Override
  public void lookup(int mapFd, MemorySegment key, MemorySegment value, String failure) {
    throw new UnsupportedOperationException("no maps to read without a kernel");
  }

  @Override
  public void objectInfo(int fd, MemorySegment info, MemorySegment length, String failure) {
    throw new UnsupportedOperationException("no programs to read without a kernel");
  }

  @Override
  public Optional<TableInfo> tableInfo(MemorySegment module, String name) {
    requireModule(module);
    Integer fd = maps.get(name);
    // Every fake map is a hash of u32 to u64.
    return fd == null
        ? Optional.empty()
        : Optional.of(new TableInfo(fd, 1, 4, 8, 1024, "\"unsigned int\"", "\"unsigned long long\""));
  }

  /** The fake maps' contents, by fd: u32 keys to u64 values, in insertion order. */
  private final Map<Integer, Map<Integer, Long>> contents = new HashMap<>();

  /** What {@link #lookupBatch} answers: the errno of a kernel without batch lookups, or 0. */
  int batchErrno = EINVAL;

  /** The errno every {@link #nextKey} step fails with; 0 for walks that work. */
  int walkErrno;

  private Map<Integer, Long> contents(int mapFd) {
    return contents.computeIfAbsent(mapFd, fd -> new LinkedHashMap<>());
  }

  @Override
  public boolean lookupIfPresent(int mapFd, MemorySegment key, MemorySegment value, String failure) {
    Long found = contents(mapFd).get(key.get(ValueLayout.JAVA_INT, 0));
    if (found != null) {
      value.set(ValueLayout.JAVA_LONG, 0, found);
    }
    return found != null;
  }

  @Override
  public void update(int mapFd, MemorySegment key, MemorySegment value, long flags, String failure) {
    if (logUpdates) {
      calls.add(
          "update " + mapFd + " [" + key.get(ValueLayout.JAVA_INT, 0) + "] = "
              + value.get(ValueLayout.JAVA_LONG, 0));
    }
    contents(mapFd)
        .put(
            key.get(ValueLayout.JAVA_INT, 0),
            value.get(ValueLayout.JAVA_LONG, 0));
  }

  @Override
  public boolean delete(int mapFd, MemorySegment key, String failure) {
    return contents(mapFd).remove(key.get(ValueLayout.JAVA_INT, 0)) != null;
  }

  @Override
  public boolean nextKey(int mapFd, MemorySegment key, MemorySegment next, String failure) {
    if (walkErrno != 0) {
      throw new NativeCallException("bpf_get_next_key", walkErrno, failure);
    }
    List<Integer> keys = List.copyOf(contents(mapFd).keySet());
    int at =
        key.equals(MemorySegment.NULL)
            ? 0
            : keys.indexOf(key.get(ValueLayout.JAVA_INT, 0)) + 1;
    if (at >= keys.size()) {
      return false;
    }
    next.set(ValueLayout.JAVA_INT, 0, keys.get(at));
    return true;
  }

  @Override
  public int lookupBatch(
      int mapFd,
      MemorySegment inBatch,
      MemorySegment outBatch,
      MemorySegment keys,
      MemorySegment values,
      MemorySegment count) {
    calls.add("lookup batch");
    return batchErrno;
  }

  private void requireModule(MemorySegment module) {
    if (!module.equals(MODULE)) {
      throw new IllegalArgumentException("not this fake's module: " + module);
    }
  }

  @Override
  public int freeMemory() {
    return 0;
  }

  @Override
  public String license(MemorySegment module) {
    return "GPL";
  }

  @Override
  public int kernelVersion(MemorySegment module) {
    return 0;
  }

  @Override
  public byte[] instructions(MemorySegment module, String function) {
    throw new UnsupportedOperationException("the fake compiles nothing");
  }

  @Override
  public int tableFlags(MemorySegment module, String name) {
    return 0;
  }

  @Override
  public int createMap(
      int type,
      String name,
      int keySize,
      int valueSize,
      int maxEntries,
      int flags,
      IntFunction<String> failure) {
    throw new UnsupportedOperationException("the fake has no cache");
  }

  @Override
  public Loaded loadProgram(
      int programType,
      String name,
      byte[] instructions,
      String license,
      int kernelVersion,
      int logBytes) {
    if (programLoad == null) {
      throw new UnsupportedOperationException("the fake has no cache");
    }
    calls.add("load program " + name);
    return programLoad;
  }
}
