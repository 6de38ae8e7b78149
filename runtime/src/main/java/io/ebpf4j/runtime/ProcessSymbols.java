package io.ebpf4j.runtime;

import io.ebpf4j.api.Frame;
import io.ebpf4j.api.StackTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A {@link Symbolizer}'s state for one process: its mappings, its ELF symbols, its perf map if it
 * has one, and whether it is a JVM that keeps frame pointers. Each is read on first need and
 * re-read, at most once per {@link #REFRESH_NANOS}, when an address misses. Callers hold the
 * object's lock.
 */
final class ProcessSymbols implements AutoCloseable {
  /** The least time between two re-reads of one kind for one process. */
  static final long REFRESH_NANOS = 1_000_000_000L;

  private static final long NEVER = Long.MIN_VALUE;

  private final int pid;
  private final Path procRoot;
  private final NativeSymbols nativeSymbols;
  private final Jcmd jcmd;
  private final LongSupplier clock;
  private final Map<Long, Frame> resolved = new HashMap<>();

  private ProcessMaps maps;
  private long mapsReadAt = NEVER;
  private NativeSymbols.Cache elf;
  private String elfFailure;
  private Optional<JvmProcess> jvm;
  private Boolean preservesFramePointer;
  private PerfMap perfMap;
  private long perfMapModified = NEVER;
  private long perfMapRefreshedAt = NEVER;
  private String perfMapProblem = "";

  ProcessSymbols(
      int pid, Path procRoot, NativeSymbols nativeSymbols, Jcmd jcmd, LongSupplier clock) {
    this.pid = pid;
    this.procRoot = procRoot;
    this.nativeSymbols = nativeSymbols;
    this.jcmd = jcmd;
    this.clock = clock;
  }

  /** The user stack of {@code addresses}, innermost first, marked partial where it may be. */
  StackTrace stack(long[] addresses) {
    List<Frame> frames = new ArrayList<>(addresses.length);
    for (long address : addresses) {
      frames.add(frame(address));
    }
    StackTrace stack = StackTrace.of(frames);
    Optional<JvmProcess> java = jvm();
    if (java.isPresent() && !preservesFramePointer(java.get())) {
      stack =
          stack.markedPartial(
              "process "
                  + pid
                  + " is a JVM without -XX:+PreserveFramePointer: JIT-compiled Java code uses"
                  + " the frame-pointer register for data, so frames above it are missing or"
                  + " wrong; start it with -XX:+PreserveFramePointer");
    }
    return stack;
  }

  /** The frame of user address {@code address}. */
  Frame frame(long address) {
    Frame known = resolved.get(address);
    if (known != null) {
      return known;
    }
    Frame frame = resolve(address);
    if (frame.resolved()) {
      resolved.put(address, frame);
    }
    return frame;
  }

  private Frame resolve(long address) {
    ProcessMaps.Mapping mapping = maps().find(address);
    if (mapping == null && rereadMaps()) {
      mapping = maps.find(address);
    }
    if (mapping == null) {
      return Frame.unresolved(
          address,
          Frame.Kind.UNKNOWN,
          "",
          maps.isEmpty()
              ? "process " + pid + " has exited, or its maps are unreadable"
              : "in no mapping of process " + pid);
    }
    if (mapping.anonymous()) {
      return jitFrame(address);
    }
    return nativeFrame(address, mapping);
  }

  private Frame nativeFrame(long address, ProcessMaps.Mapping mapping) {
    NativeSymbols.Cache cache = elf();
    if (cache == null) {
      return Frame.unresolved(address, Frame.Kind.NATIVE, mapping.path(), elfFailure);
    }
    Optional<Libbcc.SymbolAt> symbol = cache.resolve(address);
    if (symbol.isEmpty() && rereadMaps()) {
      cache.refresh();
      symbol = cache.resolve(address);
    }
    if (symbol.isEmpty() || symbol.get().symbol() == null || symbol.get().symbol().isEmpty()) {
      String module = symbol.map(Libbcc.SymbolAt::module).orElse(mapping.path());
      return Frame.unresolved(
          address,
          Frame.Kind.NATIVE,
          module.isEmpty() ? mapping.path() : module,
          "no symbol covers it in " + (module.isEmpty() ? mapping.path() : module)
              + " (stripped, or a local symbol only its debug file has)");
    }
    Libbcc.SymbolAt at = symbol.get();
    return new Frame(address, Frame.Kind.NATIVE, at.symbol(), at.offset(), at.module(), "");
  }

  private Frame jitFrame(long address) {
    Frame frame = perfMap().resolve(address);
    if (frame == null && refreshPerfMap()) {
      frame = perfMap.resolve(address);
    }
    if (frame != null) {
      return frame;
    }
    Optional<JvmProcess> java = jvm();
    String note;
    if (!perfMapProblem.isEmpty()) {
      note = perfMapProblem;
    } else if (java.isPresent()) {
      note = "JIT code that " + perfMapPath() + " does not list (yet)";
    } else {
      note = "anonymous executable memory, and no perf map lists it";
    }
    return Frame.unresolved(address, Frame.Kind.UNKNOWN, "[anon]", note);
  }

  private ProcessMaps maps() {
    if (maps == null) {
      rereadMaps();
    }
    return maps;
  }

  /** Re-reads the maps if the last read is old enough; whether it did. */
  private boolean rereadMaps() {
    long now = clock.getAsLong();
    if (maps != null && now - mapsReadAt < REFRESH_NANOS) {
      return false;
    }
    mapsReadAt = now;
    try (var in = Files.newBufferedReader(procRoot.resolve(pid + "/maps"))) {
      maps = ProcessMaps.parse(in);
    } catch (IOException e) {
      maps = ProcessMaps.empty();
    }
    return true;
  }

  private NativeSymbols.Cache elf() {
    if (elf == null && elfFailure == null) {
      try {
        elf = nativeSymbols.open(pid);
      } catch (RuntimeException | LinkageError e) {
        elfFailure = "no ELF symbols: " + e.getMessage();
      }
    }
    return elf;
  }

  private Optional<JvmProcess> jvm() {
    if (jvm == null) {
      jvm = JvmProcess.of(pid, procRoot, maps());
    }
    return jvm;
  }

  private boolean preservesFramePointer(JvmProcess java) {
    if (preservesFramePointer == null) {
      Optional<Boolean> fromCommandLine = java.preserveFramePointerFromCommandLine();
      if (fromCommandLine.isPresent()) {
        preservesFramePointer = fromCommandLine.get();
      } else {
        // Flags can also come from files the command line names; the JVM itself knows.
        Optional<Path> tool = jcmd == null ? Optional.empty() : java.jcmd();
        Jcmd.Result flags = tool.map(path -> jcmd.run(path, pid, "VM.flags")).orElse(null);
        preservesFramePointer =
            flags != null && flags.ok() && JvmProcess.flagsPreserveFramePointer(flags.output());
      }
    }
    return preservesFramePointer;
  }

  private Path perfMapPath() {
    return jvm().map(JvmProcess::perfMap).orElse(procRoot.resolve(pid + "/root/tmp/perf-" + pid + ".map"));
  }

  private PerfMap perfMap() {
    if (perfMap == null) {
      perfMap = PerfMap.empty();
      rereadPerfMap();
      if (perfMap.size() == 0) {
        refreshPerfMap();
      }
    }
    return perfMap;
  }

  /**
   * Asks the JVM for a new perf map, if this symbolizer may, then re-reads the file if it
   * changed; at most once per {@link #REFRESH_NANOS}. Whether the map may now hold more.
   */
  private boolean refreshPerfMap() {
    long now = clock.getAsLong();
    if (perfMapRefreshedAt != NEVER && now - perfMapRefreshedAt < REFRESH_NANOS) {
      return false;
    }
    perfMapRefreshedAt = now;
    Optional<JvmProcess> java = jvm();
    String problem = "";
    if (java.isPresent() && jcmd != null) {
      Optional<Path> tool = java.get().jcmd();
      if (tool.isEmpty()) {
        problem =
            "JIT code of JVM " + pid + ", which has no perf map, and no jcmd was found to ask it"
                + " for one (its JDK's bin/jcmd, $JAVA_HOME/bin/jcmd): run jcmd " + pid
                + " Compiler.perfmap";
      } else {
        Jcmd.Result result = jcmd.run(tool.get(), pid, "Compiler.perfmap");
        if (!result.ok()) {
          problem =
              "JIT code of JVM " + pid + ": " + tool.get() + " " + pid + " Compiler.perfmap"
                  + " failed (it needs a JDK 17+ jcmd, run as the JVM's user): "
                  + result.output();
        }
      }
    }
    boolean changed = rereadPerfMap();
    if (problem.isEmpty() && perfMap.size() == 0 && java.isPresent()) {
      problem =
          "JIT code of JVM " + pid + ", which has no perf map at " + perfMapPath()
              + (java.get().otherMountNamespace() ? " (it runs in another mount namespace)" : "")
              + ": run jcmd " + pid + " Compiler.perfmap"
              + (jcmd == null ? ", or symbolize with Symbolizer.create(), which asks JVMs" : "");
    }
    perfMapProblem = problem;
    return changed;
  }

  /** Reads the perf map file if it changed since the last read; whether it did. */
  private boolean rereadPerfMap() {
    Path path = perfMapPath();
    try {
      long modified = Files.getLastModifiedTime(path).toMillis() ^ Files.size(path);
      if (modified == perfMapModified) {
        return false;
      }
      try (var in = Files.newBufferedReader(path)) {
        perfMap = PerfMap.parse(in);
      }
      perfMapModified = modified;
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (elf != null) {
      elf.close();
      elf = null;
    }
  }
}
