package io.ebpf4j.runtime;

import io.ebpf4j.api.Frame;
import io.ebpf4j.api.StackTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Turns stack addresses into {@link StackTrace}s of named {@link Frame}s.
 *
 * <ul>
 *   <li>Kernel addresses through {@code /proc/kallsyms}, read once.
 *   <li>User addresses in a mapped file through its ELF symbols (bcc's symbol cache, which also
 *       reads debug files and enters the process's mount namespace).
 *   <li>User addresses in anonymous executable memory through the process's perf map, {@code
 *       /tmp/perf-<pid>.map}: a JVM writes one on {@code jcmd <pid> Compiler.perfmap}, which
 *       {@link #create()}'s symbolizer runs itself when a JVM's JIT address misses (at most once a
 *       second per JVM), and {@link #passive()}'s never does.
 * </ul>
 *
 * <p>A JVM's user stacks are {@linkplain StackTrace#partial() partial} unless it runs with {@code
 * -XX:+PreserveFramePointer}: the kernel walks stacks by frame pointer, which JIT-compiled code
 * otherwise does not keep. What cannot be resolved is named so in its frame, with the reason;
 * nothing here throws for a process that has exited or hides its maps.
 *
 * <p>Thread-safe; resolved frames are cached per process. Close it to free bcc's caches. A
 * process's entry lives until {@link #forget(int)}, close, or, once {@value #PRUNE_AT} are kept,
 * until the symbolizer meets a new process after it exited; a pid the kernel reuses meanwhile
 * gets the old process's cached frames, so forget processes you know have exited.
 */
public final class Symbolizer implements AutoCloseable {
  private final Supplier<Kallsyms> kallsymsSource;
  private final Path procRoot;
  private final NativeSymbols nativeSymbols;
  private final Jcmd jcmd;
  private final LongSupplier clock;
  private final Map<Integer, ProcessSymbols> processes = new ConcurrentHashMap<>();
  private volatile Kallsyms kallsyms;
  private volatile boolean closed;

  Symbolizer(
      Supplier<Kallsyms> kallsyms,
      Path procRoot,
      NativeSymbols nativeSymbols,
      Jcmd jcmd,
      LongSupplier clock) {
    this.kallsymsSource = kallsyms;
    this.procRoot = procRoot;
    this.nativeSymbols = nativeSymbols;
    this.jcmd = jcmd;
    this.clock = clock;
  }

  /** A symbolizer that asks JVMs for perf maps with {@code jcmd} when it needs them. */
  public static Symbolizer create() {
    return new Symbolizer(
        Kallsyms::load, Path.of("/proc"), lazyBcc(), Jcmd.PROCESS, System::nanoTime);
  }

  /**
   * A symbolizer that only reads the perf maps that exist: it never runs {@code jcmd}, so it
   * neither writes files into a JVM's {@code /tmp} nor makes it pause for a moment.
   */
  public static Symbolizer passive() {
    return new Symbolizer(Kallsyms::load, Path.of("/proc"), lazyBcc(), null, System::nanoTime);
  }

  /** bcc's symbol cache, linked on first use: kernel-only symbolizers never need libbcc. */
  private static NativeSymbols lazyBcc() {
    return pid -> NativeSymbols.bcc(Libbcc.get()).open(pid);
  }

  /** The kernel stack of {@code addresses}, innermost first. */
  public StackTrace kernel(long[] addresses) {
    List<Frame> frames = new ArrayList<>(addresses.length);
    for (long address : addresses) {
      frames.add(kernelFrame(address));
    }
    return StackTrace.of(frames);
  }

  /** The frame of kernel address {@code address}. */
  public Frame kernelFrame(long address) {
    return kallsyms().resolve(address);
  }

  /**
   * The user stack of process {@code pid} (its thread group id, as {@code pid} of an event) of
   * {@code addresses}, innermost first.
   */
  public StackTrace user(int pid, long[] addresses) {
    ProcessSymbols process = process(pid);
    synchronized (process) {
      return process.stack(addresses);
    }
  }

  /** The frame of user address {@code address} in process {@code pid}. */
  public Frame userFrame(int pid, long address) {
    ProcessSymbols process = process(pid);
    synchronized (process) {
      return process.frame(address);
    }
  }

  /**
   * Drops what this symbolizer knows of process {@code pid}: call it when the process exits, or
   * to see a library it loaded at once.
   */
  public void forget(int pid) {
    ProcessSymbols process = processes.remove(pid);
    if (process != null) {
      synchronized (process) {
        process.close();
      }
    }
  }

  /** Frees every process's symbol cache. The symbolizer must not be used after. */
  @Override
  public void close() {
    closed = true;
    for (Integer pid : List.copyOf(processes.keySet())) {
      forget(pid);
    }
  }

  private Kallsyms kallsyms() {
    Kallsyms result = kallsyms;
    if (result == null) {
      synchronized (this) {
        result = kallsyms;
        if (result == null) {
          result = kallsyms = kallsymsSource.get();
        }
      }
    }
    return result;
  }

  private ProcessSymbols process(int pid) {
    if (closed) {
      throw new IllegalStateException("this Symbolizer is closed");
    }
    ProcessSymbols known = processes.get(pid);
    if (known != null) {
      return known;
    }
    if (processes.size() >= PRUNE_AT) {
      forgetExited();
    }
    return processes.computeIfAbsent(
        pid, p -> new ProcessSymbols(p, procRoot, nativeSymbols, jcmd, clock));
  }

  /**
   * How many processes are kept before those that exited are dropped: a session that sees many
   * short-lived processes would otherwise keep a bcc symbol cache for each.
   */
  static final int PRUNE_AT = 256;

  /** Forgets every process whose {@code /proc/<pid>} is gone. */
  private void forgetExited() {
    for (Integer pid : List.copyOf(processes.keySet())) {
      if (!java.nio.file.Files.exists(procRoot.resolve(Integer.toString(pid)))) {
        forget(pid);
      }
    }
  }

  /** The processes this symbolizer keeps state for. */
  int processCount() {
    return processes.size();
  }
}
