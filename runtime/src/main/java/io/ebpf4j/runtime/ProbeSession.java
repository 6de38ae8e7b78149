package io.ebpf4j.runtime;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.JfrCommitter;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.api.internal.ProgramConventions.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.ebpf4j.api.Histogram;
import io.ebpf4j.api.Stats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

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
 * <p><b>Aggregates.</b> An {@code @Aggregate} method is not called per event: its probe adds each
 * event to a per-CPU map in the kernel, and the method gets the aggregate every {@code
 * intervalMillis} (on a thread named {@code ebpf4j-<HandlerClass>-aggregates}) and once more at
 * close, after the probes are detached. {@link #aggregate}, {@link #counts}, {@link #histograms}
 * and {@link #histogram} read it on demand; after close they give that last reading.
 *
 * <p><b>Closing.</b> {@link #close()} detaches every probe, lets the handlers work through what
 * is still in the buffer for up to {@link ProbeOptions#closeTimeout()}, counts what is left then
 * as lost, stops the thread and frees the buffer and the module. Every caller's {@code close()}
 * returns only once all of that is done; a handler may call it too, and then it returns at once
 * (the delivery thread finishes the close when the handler returns). Nothing a handler may call
 * on its session waits for the closing thread. {@link #stats()} says what was delivered and
 * what was lost, by cause, and whether the delivery thread died.
 */
public final class ProbeSession implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProbeSession.class.getName());

  private final String handlerType;
  private final BpfModule module;
  private final List<Attachment> attachments;
  private final KernelCounters counters;
  private final HandlerFailures failures;
  private final RingBufferPoller poller;
  private final Duration startupTime;
  private final Duration closeTimeout;
  /**
   * Guards {@link #state}, the module and the kernel counters. Held only for short native calls,
   * never while waiting for another thread, so a handler that takes it cannot deadlock a closer.
   */
  private final Object lock;
  private final Aggregates<?> aggregates;
  /** The stacks of probes with {@code stacks}; null when no probe takes any. */
  private final SessionStacks stacks;
  private final CountDownLatch released = new CountDownLatch(1);
  private State state = State.RUNNING;
  private SessionStats finalStats;
  /** Why the final figures could not be read, if they could not; the release went on. */
  private RuntimeException statsFailure;
  /** Ends the periodic JFR figures of a {@code @JfrEvents} class; set once, at start. */
  private volatile Runnable stopJfrStats = () -> {};

  private enum State {
    RUNNING,
    CLOSING,
    CLOSED
  }

  private ProbeSession(
      String handlerType,
      BpfModule module,
      List<Attachment> attachments,
      KernelCounters counters,
      HandlerFailures failures,
      RingBufferPoller poller,
      Duration startupTime,
      Duration closeTimeout,
      Object lock,
      Aggregates<?> aggregates,
      SessionStacks stacks) {
    this.handlerType = handlerType;
    this.module = module;
    this.attachments = List.copyOf(attachments);
    this.counters = counters;
    this.failures = failures;
    this.poller = poller;
    this.startupTime = startupTime;
    this.closeTimeout = closeTimeout;
    this.lock = lock;
    this.aggregates = aggregates;
    this.stacks = stacks;
  }

  static <H> ProbeSession start(ProbeProgram<H> program, H handler, ProbeOptions options) {
    return start(program, handler, options, Platform.host());
  }

  /** As {@link #start(ProbeProgram, Object, ProbeOptions)}, on {@code platform}. */
  static <H> ProbeSession start(
      ProbeProgram<H> program, H handler, ProbeOptions options, Platform platform) {
    long startNanos = System.nanoTime();
    return start(program, readSource(program), handler, options, platform, startNanos);
  }

  /**
   * As {@link #start(ProbeProgram, Object, ProbeOptions, Platform)}, with the C in hand rather
   * than in {@code program}'s resource: for probes named at run time, whose start began at
   * {@code startNanos} with writing it.
   */
  static <H> ProbeSession start(
      ProbeProgram<H> program,
      String source,
      H handler,
      ProbeOptions options,
      Platform platform,
      long startNanos) {
    KernelFacts kernel = platform.kernel();
    String handlerType = program.handlerType().getName();
    // First: without them every later check fails too, for a reason that misleads.
    kernel.requireBpfPrivileges();
    boolean kprobes = kernel.hasKprobes();
    List<PlannedProbe> plan = new ArrayList<>();
    for (ProbeSpec spec : program.probes()) {
      plan.add(PlannedProbe.choose(spec, kprobes, kernel));
    }
    if (plan.stream().anyMatch(p -> p.uses(AttachKind.TRACEPOINT))) {
      kernel.tracefs(); // fail here, with the mount command
    }
    boolean wrapper = plan.stream().allMatch(PlannedProbe::syscallWrappers);
    List<String> cflags = new ArrayList<>();
    cflags.add("-D" + ProgramConventions.RINGBUF_PAGES_MACRO + "=" + options.ringBufferPages());
    cflags.add("-D" + ProgramConventions.SYSCALL_WRAPPER_MACRO + "=" + (wrapper ? 1 : 0));
    SessionFilters filters = SessionFilters.of(options);
    cflags.addAll(filters.cflags());
    if (source.contains(ProgramConventions.STACK_MAP_SIZE_MACRO)) {
      cflags.add("-D" + ProgramConventions.STACK_MAP_SIZE_MACRO + "=" + options.stackMapSize());
    }

    if (plan.stream().anyMatch(p -> p.uses(AttachKind.USDT))) {
      UsdtProbes.checkJvmFlags(plan, (int) options.onlyProcess());
      source = source + UsdtProbes.entryPoints(plan);
    }
    BpfModule module =
        BpfModule.compileGenerated(program.bpfSourceResource(), source, cflags, platform);
    RingBufferPoller poller = null;
    SessionStacks stacks = null;
    try {
      filters.write(module); // before the first attach, so no event slips through unfiltered
      stacks = SessionStacks.of(module);
      List<Attachment> attachments = new ArrayList<>();
      for (PlannedProbe p : plan) {
        for (AttachPoint attach : p.attaches()) {
          Attachment made = p.attach(module, attach);
          attachments.add(new Attachment(p.spec().handler(), made.kind(), made.target()));
        }
      }
      HandlerFailures failures = new HandlerFailures(handlerType);
      Optional<JfrCommitter> jfr = SessionJfr.committerFor(program);
      EventDispatcher dispatcher =
          stacks == null ? program.dispatcherFor(handler) : program.dispatcherFor(handler, stacks);
      poller =
          new RingBufferPoller(
              MappedRingBuffer.map(
                  platform.libc(),
                  module.tableFd(ProgramConventions.EVENTS_MAP),
                  (long) options.ringBufferPages() * platform.libc().pageSize(),
                  platform.libc().pageSize()),
              jfr.isPresent() ? SessionJfr.committing(jfr.get(), dispatcher) : dispatcher,
              failures,
              DeliveryThreadNames.next(program.handlerType()));
      KernelCounters counters = new KernelCounters(module);
      Object lock = new Object();
      Aggregates<H> aggregates = new Aggregates<>(program, handler, module, failures, lock);
      poller.start();
      Duration startup = Duration.ofNanos(System.nanoTime() - startNanos);
      logPaths(
          handlerType,
          !kprobes && plan.stream().anyMatch(PlannedProbe::tracesSyscallAtTracepoints),
          attachments,
          startup);
      ProbeSession session = new ProbeSession(
          handlerType,
          module,
          attachments,
          counters,
          failures,
          poller,
          startup,
          options.closeTimeout(),
          lock,
          aggregates,
          stacks);
      aggregates.start(poller.threadName() + "-aggregates");
      if (jfr.isPresent()) {
        synchronized (lock) {
          // A handler may have closed it already; then release() has read the no-op.
          if (session.state != State.CLOSED) {
            session.stopJfrStats = SessionJfr.recordStats(handlerType, session::stats);
          }
        }
      }
      return session;
    } catch (RuntimeException | Error e) {
      module.detachAll();
      if (poller != null) {
        poller.stopAndAwait(Duration.ZERO);
      }
      if (stacks != null) {
        stacks.close();
      }
      module.close();
      throw e;
    }
  }

  /**
   * Logs where each probe went, at DEBUG: {@link #attachments()} returns the same, and a start
   * that logged at INFO printed a line on every run of a tool and set up the JDK's log formatting
   * (dates, locale data: 2 MB and 90 classes of a cached start, and about 60 ms of a JVM's first
   * start). Says why system calls went to tracepoints only when one did, so that a session of
   * uprobes or tracepoints does not read as if it had lost something.
   */
  private static void logPaths(
      String handlerType,
      boolean syscallsAtTracepoints,
      List<Attachment> attachments,
      Duration startup) {
    if (!LOG.isLoggable(Level.DEBUG)) {
      return;
    }
    LOG.log(
        Level.DEBUG,
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

  /** Events lost so far, over every cause: {@code stats().lost()}. */
  public long lostEvents() {
    return stats().lost();
  }

  /** Exceptions thrown by handlers so far. */
  public long handlerErrors() {
    return failures.count();
  }

  /**
   * What was delivered and lost so far, by cause; final once {@link #close()} has returned. Safe
   * to call from a handler, and while another thread closes the session.
   */
  public SessionStats stats() {
    synchronized (lock) {
      if (state != State.CLOSED) {
        return readStats(false);
      }
      if (finalStats == null) {
        throw statsFailure;
      }
      return finalStats;
    }
  }

  /** Whether the delivery thread is still delivering: false once it died or the session closed. */
  public boolean isDelivering() {
    synchronized (lock) {
      return state == State.RUNNING && poller.failure().isEmpty();
    }
  }

  private SessionStats readStats(boolean closed) {
    long stored = counters.read(Counter.CALL_STORED);
    long replaced = counters.read(Counter.CALL_REPLACED);
    long completed = counters.read(Counter.CALL_COMPLETED);
    long inFlight = counters.callsInFlight();
    // Every stored entry was completed, replaced, evicted or is still there. While the programs
    // run the reads race with them, so the difference is only exact once they are detached.
    long evicted = Math.max(0, stored - completed - replaced - inFlight);
    return new SessionStats(
        poller.delivered(),
        failures.count(),
        counters.read(Counter.RING_BUFFER_FULL),
        counters.read(Counter.CALL_NOT_STORED),
        replaced,
        evicted,
        inFlight,
        module.kretprobeMisses(),
        counters.recursionMisses(),
        closed ? poller.unsubmittedAtStop() : 0,
        closed ? poller.undeliveredAtStop() : 0,
        counters.read(Counter.AGGREGATE_KEY_DROPPED),
        stacks == null ? 0 : stacks.lost(),
        closed,
        poller.failure());
  }

  /**
   * Detaches every probe, lets the handlers work through the events already in the buffer for up
   * to {@link ProbeOptions#closeTimeout()} (less if the calling thread is interrupted), counts
   * the rest as lost, stops the delivery thread and frees all native resources. A handler call in
   * progress is not cut short: when the time is up the delivery thread is interrupted, and close
   * waits for that call to return.
   *
   * <p>Idempotent: a second call waits until the first has released everything. Called from a
   * handler, it detaches at once and returns; the delivery thread finishes the close when the
   * handler returns.
   *
   * @throws Ebpf4jException after releasing everything, if the delivery thread had died (its
   *     failure is the cause; {@link #stats()} counts what it left undelivered)
   */
  @Override
  public void close() {
    boolean first;
    synchronized (lock) {
      first = state == State.RUNNING;
      if (first) {
        state = State.CLOSING;
        module.detachAll();
      }
    }
    if (poller.isPollingThread()) {
      if (first) {
        // The handler that called us must return before the buffer can be drained and freed.
        poller.requestStop();
        Thread.ofPlatform().daemon().name(poller.threadName() + "-close").start(this::release);
      }
      return;
    }
    if (first) {
      release();
    } else {
      Uninterruptibly.await(released);
    }
    Optional<Throwable> failure = stats().deliveryFailure();
    if (failure.isPresent()) {
      throw new Ebpf4jException(
          "the delivery thread of "
              + handlerType
              + " had died, so events after that were not delivered ("
              + stats().undeliveredAtClose()
              + " counted as lost)",
          failure.get());
    }
  }

  private void release() {
    try {
      poller.stopAndAwait(closeTimeout);
    } finally {
      aggregates.stopTicker();
      synchronized (lock) {
        try {
          aggregates.readLast();
          finalStats = readStats(true);
        } catch (RuntimeException e) {
          aggregates.abandon();
          statsFailure = e;
        } finally {
          if (stacks != null) {
            stacks.close();
          }
          module.close();
          state = State.CLOSED;
        }
      }
      try {
        aggregates.deliverLast();
      } finally {
        stopJfrStats.run(); // the final figures, once
        released.countDown();
      }
    }
  }

  /**
   * The aggregate of the {@code @Aggregate} method {@code method} now, as the method receives
   * it: a {@code Map} from the generated key record to a {@code Long}, {@link Stats} or {@link
   * Histogram}, or the one value of an aggregate without keys. Once the session is closed, the
   * last reading, which the method also received. An aggregate with {@code reset = true} gives
   * what was added since the previous read, by whichever reader.
   *
   * @throws IllegalArgumentException if the handler class has no such {@code @Aggregate} method
   */
  public Object aggregate(String method) {
    return aggregates.read(method);
  }

  /**
   * The {@link #aggregate} of a {@code COUNT}, {@code SUM}, {@code MIN} or {@code MAX} method
   * with key fields, typed.
   *
   * @throws IllegalArgumentException if {@code method} is not such a method with keys of {@code
   *     keyType}
   */
  public <K> Map<K, Long> counts(String method, Class<K> keyType) {
    return typedMap(method, keyType, Long.class);
  }

  /** The {@link #aggregate} of a histogram method with key fields, typed. */
  public <K> Map<K, Histogram> histograms(String method, Class<K> keyType) {
    return typedMap(method, keyType, Histogram.class);
  }

  /** The {@link #aggregate} of a histogram method without key fields. */
  public Histogram histogram(String method) {
    Object value = aggregate(method);
    if (!(value instanceof Histogram histogram)) {
      throw new IllegalArgumentException(method + " is not a histogram without keys: " + value);
    }
    return histogram;
  }

  private <K, V> Map<K, V> typedMap(String method, Class<K> keyType, Class<V> valueType) {
    Object value = aggregate(method);
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(method + " has no key fields");
    }
    Map<K, V> typed = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!keyType.isInstance(e.getKey()) || !valueType.isInstance(e.getValue())) {
        throw new IllegalArgumentException(
            method + " aggregates " + e.getKey().getClass().getSimpleName() + " to "
                + e.getValue().getClass().getSimpleName() + ", not " + keyType.getSimpleName()
                + " to " + valueType.getSimpleName());
      }
      typed.put(keyType.cast(e.getKey()), valueType.cast(e.getValue()));
    }
    return Collections.unmodifiableMap(typed);
  }

  @Override
  public String toString() {
    return "ProbeSession[" + handlerType + ", " + attachments + "]";
  }
}
