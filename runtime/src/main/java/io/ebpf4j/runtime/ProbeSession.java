package io.ebpf4j.runtime;

import io.ebpf4j.api.generated.Attach;
import io.ebpf4j.api.generated.ProbeProgram;
import io.ebpf4j.api.generated.ProbeSpec;
import io.ebpf4j.api.generated.ProgramConventions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The running probes of one handler class: a compiled BPF module, its attachments, and the thread
 * that delivers events to the handlers.
 *
 * <p><b>Delivery.</b> One daemon thread per session, named {@code ebpf4j-<HandlerClass>}, calls
 * the handlers, one event at a time, in the order the kernel wrote them, decoding each straight
 * from the ring buffer's memory. It drains in batches: the kernel wakes it for the first event
 * after it caught up, and after a batch it pauses 1 ms before the next, so that busy traced
 * threads pay at most about a thousand wakeups a second, not one per event. An event thus
 * reaches its handler within about a millisecond, plus the time the handlers take for the events
 * before it. A handler that throws is counted ({@link #handlerErrors()}) and logged, at most once
 * every ten seconds, and delivery goes on.
 *
 * <p><b>Backpressure.</b> Events wait in a kernel ring buffer ({@link
 * ProbeOptions#ringBufferPages()}). When handlers are slower than the kernel and the buffer is
 * full, the kernel drops the new events and counts them: nothing is lost silently, {@link
 * #lostEvents()} says how many, and {@code deliveredEvents() + lostEvents()} after {@link #close()}
 * is every event the probes produced. The traced programs are never slowed down to wait for
 * Java.
 *
 * <p><b>Closing.</b> {@link #close()} detaches every probe, delivers what is still in the buffer,
 * stops the thread and frees the buffer and the module. It is idempotent, and may be called from
 * a handler.
 */
public final class ProbeSession implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProbeSession.class.getName());

  private final String handlerType;
  private final BpfModule module;
  private final List<Attachment> attachments;
  private final int droppedMapFd;
  private final HandlerFailures failures;
  private final RingBufferPoller poller;
  private final Duration startupTime;
  private final Object closeLock = new Object();
  private boolean closed;
  private long lostAtClose;

  private ProbeSession(
      String handlerType,
      BpfModule module,
      List<Attachment> attachments,
      int droppedMapFd,
      HandlerFailures failures,
      RingBufferPoller poller,
      Duration startupTime) {
    this.handlerType = handlerType;
    this.module = module;
    this.attachments = List.copyOf(attachments);
    this.droppedMapFd = droppedMapFd;
    this.failures = failures;
    this.poller = poller;
    this.startupTime = startupTime;
  }

  static <H> ProbeSession start(ProbeProgram<H> program, H handler, ProbeOptions options) {
    long startNanos = System.nanoTime();
    String handlerType = program.handlerType().getName();
    String source = readSource(program);
    // First: without them every later check fails too, for a reason that misleads.
    Kernel.requireBpfPrivileges();
    boolean kprobes = Kernel.hasKprobes();
    List<PlannedProbe> plan = new ArrayList<>();
    for (ProbeSpec spec : program.probes()) {
      plan.add(PlannedProbe.choose(spec, kprobes));
    }
    if (plan.stream().anyMatch(p -> p.uses(Attach.Kind.TRACEPOINT))) {
      Kernel.tracefs(); // fail here, with the mount command
    }
    boolean wrapper = plan.stream().allMatch(PlannedProbe::syscallWrappers);
    List<String> cflags = new ArrayList<>();
    cflags.add("-D" + ProgramConventions.RINGBUF_PAGES_MACRO + "=" + options.ringBufferPages());
    cflags.add("-D" + ProgramConventions.SYSCALL_WRAPPER_MACRO + "=" + (wrapper ? 1 : 0));
    if (options.onlyProcess() != 0) {
      cflags.add("-D" + ProgramConventions.TGID_FILTER_MACRO + "=" + options.onlyProcess());
    }

    BpfModule module = BpfModule.compile(program.bpfSourceResource(), source, cflags);
    RingBufferPoller poller = null;
    try {
      List<Attachment> attachments = new ArrayList<>();
      for (PlannedProbe p : plan) {
        for (Attach attach : p.attaches()) {
          Attachment made = p.attach(module, attach);
          attachments.add(new Attachment(p.spec().handler(), made.kind(), made.target()));
        }
      }
      HandlerFailures failures = new HandlerFailures(handlerType);
      poller =
          new RingBufferPoller(
              module.tableFd(ProgramConventions.EVENTS_MAP),
              (long) options.ringBufferPages() * Libc.pageSize(),
              program.dispatcherFor(handler),
              failures,
              DeliveryThreadNames.next(program.handlerType()));
      int droppedFd = module.tableFd(ProgramConventions.DROPPED_MAP);
      poller.start();
      Duration startup = Duration.ofNanos(System.nanoTime() - startNanos);
      logPaths(
          handlerType,
          !kprobes && plan.stream().anyMatch(PlannedProbe::tracesSyscallAtTracepoints),
          attachments,
          startup);
      return new ProbeSession(
          handlerType, module, attachments, droppedFd, failures, poller, startup);
    } catch (RuntimeException | Error e) {
      module.detachAll();
      if (poller != null) {
        poller.stopAndAwait();
      }
      module.close();
      throw e;
    }
  }

  /**
   * Logs where each probe went; says why system calls went to tracepoints only when one did, so
   * that a session of uprobes or tracepoints does not read as if it had lost something.
   */
  private static void logPaths(
      String handlerType,
      boolean syscallsAtTracepoints,
      List<Attachment> attachments,
      Duration startup) {
    LOG.log(
        Level.INFO,
        "ebpf4j: attached {0} probe(s) of {1} in {2} ms{3}: {4}",
        attachments.size(),
        handlerType,
        startup.toMillis(),
        !syscallsAtTracepoints
            ? ""
            : " (this kernel has no kprobes, so system calls are traced at their"
                + " syscalls:sys_enter_*/sys_exit_* tracepoints)",
        attachments);
  }

  private static String readSource(ProbeProgram<?> program) {
    String resource = program.bpfSourceResource();
    ClassLoader loader = program.handlerType().getClassLoader();
    try (InputStream in =
        loader == null
            ? ClassLoader.getSystemResourceAsStream(resource)
            : loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new Ebpf4jException(
            "the BPF program "
                + resource
                + " is missing from the class path; it is generated next to "
                + program.handlerType().getName()
                + ".class, so package the class output with it.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new Ebpf4jException("cannot read " + resource, e);
    }
  }

  /** Where each handler method was attached: which path was taken, kprobe or tracepoint. */
  public List<Attachment> attachments() {
    return attachments;
  }

  /** Time from the call to {@code start} until every probe was attached and polling. */
  public Duration startupTime() {
    return startupTime;
  }

  /** Events handed to handlers so far, including those whose handler threw. */
  public long deliveredEvents() {
    return poller.delivered();
  }

  /** Events the kernel dropped because the ring buffer was full. */
  public long lostEvents() {
    synchronized (closeLock) {
      if (closed) {
        return lostAtClose;
      }
      return readDropped();
    }
  }

  /** Exceptions thrown by handlers so far. */
  public long handlerErrors() {
    return failures.count();
  }

  private long readDropped() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = arena.allocate(ValueLayout.JAVA_INT);
      MemorySegment value = arena.allocate(ValueLayout.JAVA_LONG);
      MemorySegment state = arena.allocate(Libc.CALL_STATE);
      int rc = (int) module.bcc().lookupElem.invokeExact(state, droppedMapFd, key, value);
      if (rc != 0) {
        throw new NativeCallException(
            "bpf_lookup_elem", Libc.errno(state), "cannot read the dropped-events counter");
      }
      return value.get(ValueLayout.JAVA_LONG, 0);
    } catch (Ebpf4jException e) {
      throw e;
    } catch (Throwable t) {
      throw BpfModule.rethrow(t);
    }
  }

  /**
   * Detaches every probe, delivers the events already in the buffer, stops the delivery thread
   * and frees all native resources. Idempotent. Called from a handler, it detaches at once and
   * leaves the rest to the delivery thread when the handler returns.
   */
  @Override
  public void close() {
    synchronized (closeLock) {
      if (closed) {
        return;
      }
      closed = true;
      module.detachAll();
      if (poller.isPollingThread()) {
        poller.requestStop();
        lostAtClose = readDropped();
        // The ring buffer is in the middle of calling us back; the thread frees it on the way
        // out. The module's maps must outlive that, so the module is freed by the same thread.
        Thread.ofPlatform().daemon().name("ebpf4j-close-" + handlerType).start(this::finishClose);
        return;
      }
      poller.stopAndAwait();
      lostAtClose = readDropped();
      module.close();
    }
  }

  private void finishClose() {
    poller.stopAndAwait();
    synchronized (closeLock) {
      module.close();
    }
  }

  @Override
  public String toString() {
    return "ProbeSession[" + handlerType + ", " + attachments + "]";
  }
}
