package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProgramConventions;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts the probes of a handler class.
 *
 * <pre>{@code
 * try (ProbeSession session = ProbeRuntime.start(NetProbes.class)) {
 *   Thread.sleep(10_000); // handlers run on the session's thread meanwhile
 * }
 * }</pre>
 *
 * <p>Probes named only at run time start with {@link #attach(Probe, Consumer)} or {@link
 * #probes()}, without a handler class or the processor in the build.
 *
 * <p>Needs Linux with BPF, bcc's {@code libbcc.so.0}, tracefs mounted, root or the capabilities
 * the README lists for each probe kind (for tracepoints {@code CAP_BPF}, {@code CAP_PERFMON} and
 * {@code CAP_DAC_READ_SEARCH}), and the JVM flag {@code --enable-native-access=ALL-UNNAMED}. Each
 * failure is an {@link Ebpf4jException} (or, for a missing libbcc, a {@link LinkageError}) whose
 * message names the fix.
 *
 * <p><b>Starts are serialized.</b> In one process, sessions start one at a time: bcc prints its
 * compiler's and the verifier's diagnostics only to the process's file descriptors 1 and 2, which
 * a start captures (and forwards) while bcc runs, so two compiles at once would mix their
 * diagnostics. A start takes about a second here, nearly all of it clang; once started, sessions
 * run side by side.
 */
public final class ProbeRuntime {
  private ProbeRuntime() {}

  /**
   * Creates a {@code handlerType} through its no-argument constructor and starts its probes.
   *
   * @throws Ebpf4jException if the class has no generated program, cannot be instantiated, or
   *     a probe cannot be compiled, loaded or attached
   */
  public static <H> ProbeSession start(Class<H> handlerType) {
    return start(handlerType, ProbeOptions.defaults());
  }

  /** As {@link #start(Class)}, with options. */
  public static <H> ProbeSession start(Class<H> handlerType, ProbeOptions options) {
    ProbeProgram<H> program = programFor(handlerType);
    H handler;
    try {
      handler = program.newHandler();
    } catch (UnsupportedOperationException e) {
      throw new Ebpf4jException(e.getMessage(), e);
    }
    return ProbeSession.start(program, handler, options);
  }

  /** Starts the probes of {@code handler}'s class, calling {@code handler}'s methods. */
  public static ProbeSession start(Object handler) {
    return start(handler, ProbeOptions.defaults());
  }

  /** As {@link #start(Object)}, with options. */
  @SuppressWarnings("unchecked")
  public static ProbeSession start(Object handler, ProbeOptions options) {
    Objects.requireNonNull(handler, "handler");
    ProbeProgram<Object> program = (ProbeProgram<Object>) programForInstanceOf(handler.getClass());
    return ProbeSession.start(program, handler, options);
  }

  /**
   * Starts one probe named at run time, whose events go to {@code handler} as {@link
   * ProbeEvent}s: {@code ProbeRuntime.attach(Probe.syscall("bind"), e -> ...)}.
   *
   * @throws Ebpf4jException if the name is unknown to this kernel (with the closest it has), or
   *     the probe cannot be compiled, loaded or attached
   * @see DynamicProbes
   */
  public static ProbeSession attach(Probe probe, Consumer<? super ProbeEvent> handler) {
    return probes().on(probe, handler).start();
  }

  /** As {@link #attach(Probe, Consumer)}, with options. */
  public static ProbeSession attach(
      Probe probe, Consumer<? super ProbeEvent> handler, ProbeOptions options) {
    return probes().on(probe, handler).options(options).start();
  }

  /** Collects probes named at run time into one session; see {@link DynamicProbes}. */
  public static DynamicProbes probes() {
    return new DynamicProbes();
  }

  /**
   * The program of the nearest class, from {@code type} up, that has one: an anonymous subclass
   * or a test spy of a handler class runs its superclass's probes.
   */
  private static ProbeProgram<?> programForInstanceOf(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Optional<Class<?>> program = findProgramClass(c);
      if (program.isPresent()) {
        return instantiate(program.get());
      }
    }
    return programFor(type); // fails, naming the class
  }

  static <H> ProbeProgram<H> programFor(Class<H> handlerType) {
    String name = ProgramConventions.programClassName(handlerType);
    return instantiate(
        findProgramClass(handlerType)
            .orElseThrow(
                () ->
                    new Ebpf4jException(
                        "no ebpf4j program was generated for "
                            + handlerType.getName()
                            + " (looked for "
                            + name
                            + "). Does it have @Kprobe methods, and is"
                            + " io.ebpf4j:ebpf4j-processor on the compiler's"
                            + " annotationProcessorPaths?")));
  }

  private static Optional<Class<?>> findProgramClass(Class<?> handlerType) {
    try {
      return Optional.of(
          Class.forName(
              ProgramConventions.programClassName(handlerType),
              true,
              handlerType.getClassLoader()));
    } catch (ClassNotFoundException e) {
      return Optional.empty();
    }
  }

  @SuppressWarnings("unchecked")
  private static <H> ProbeProgram<H> instantiate(Class<?> programClass) {
    String name = programClass.getName();
    try {
      return (ProbeProgram<H>) programClass.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new Ebpf4jException(
          "cannot instantiate " + name + "; was it compiled by a different ebpf4j version?", e);
    }
  }
}
