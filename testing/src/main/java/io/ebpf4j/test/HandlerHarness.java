package io.ebpf4j.test;

import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.EventEncoder;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.api.internal.ProgramConventions;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Feeds event records to a handler as a session would, in a plain unit test: no kernel, no root,
 * no libbcc. Each record is encoded into the bytes its probe writes in the kernel, at the same
 * offsets, and handed to the generated dispatcher, which decodes it and calls the handler method;
 * so the test covers the decoding too.
 *
 * <pre>{@code
 * BindSnoop handler = new BindSnoop();
 * HandlerHarness.of(handler)
 *     .deliver(new BindEvent(0, 4242, 4242, 1000, 1000, "python3", 3, 0, 16));
 * }</pre>
 *
 * <p>The handler is called on the calling thread; what it throws is thrown by {@link #deliver}.
 *
 * @param <H> the handler class
 */
public final class HandlerHarness<H> {
  private final H handler;
  private final List<ProbeSpec> probes;
  private final EventEncoder encoder;
  private final EventDispatcher dispatcher;
  private final String handlerType;

  private HandlerHarness(H handler, ProbeProgram<H> program, EventEncoder encoder) {
    this.handler = handler;
    this.probes = program.probes();
    this.encoder = encoder;
    this.dispatcher = program.dispatcherFor(handler);
    this.handlerType = program.handlerType().getName();
  }

  /**
   * A harness for {@code handler}, whose class (or a superclass, for an anonymous subclass or a
   * spy) has probes the processor generated a program for.
   *
   * @throws IllegalArgumentException if no program was generated for its class
   */
  @SuppressWarnings("unchecked")
  public static <H> HandlerHarness<H> of(H handler) {
    Objects.requireNonNull(handler, "handler");
    for (Class<?> c = handler.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      Object program = generated(c, ProgramConventions.PROGRAM_CLASS_SUFFIX);
      if (program != null) {
        Object encoder = generated(c, ProgramConventions.ENCODER_CLASS_SUFFIX);
        if (encoder == null) {
          throw new IllegalArgumentException(
              c.getName() + " was compiled by an ebpf4j processor without encoders: rebuild it");
        }
        return new HandlerHarness<>(handler, (ProbeProgram<H>) program, (EventEncoder) encoder);
      }
    }
    throw new IllegalArgumentException(
        "no ebpf4j program was generated for "
            + handler.getClass().getName()
            + " (looked for "
            + ProgramConventions.programClassName(handler.getClass())
            + "). Does it have @Kprobe methods, and is io.ebpf4j:ebpf4j-processor on the"
            + " compiler's annotationProcessorPaths for the main code?");
  }

  /** The handler the records go to. */
  public H handler() {
    return handler;
  }

  /**
   * Delivers {@code record} to the one handler method that takes its type.
   *
   * @throws IllegalArgumentException if no method takes it, or several do (then name one with
   *     {@link #deliver(String, Object)})
   * @throws Exception whatever the handler method throws
   */
  public HandlerHarness<H> deliver(Object record) throws Exception {
    Objects.requireNonNull(record, "record");
    List<ProbeSpec> taking = new ArrayList<>();
    for (ProbeSpec probe : probes) {
      if (encoder.recordType(probe.id()).filter(t -> t == record.getClass()).isPresent()) {
        taking.add(probe);
      }
    }
    if (taking.size() != 1) {
      throw new IllegalArgumentException(
          (taking.isEmpty()
                  ? "no handler method of " + handlerType + " takes a "
                  : "several handler methods of " + handlerType + " take a ")
              + record.getClass().getSimpleName()
              + "; its streaming probes are "
              + streaming()
              + (taking.isEmpty() ? "" : ": name one with deliver(method, record)"));
    }
    return send(taking.get(0), record);
  }

  /**
   * Delivers {@code record} to the handler method named {@code method}.
   *
   * @throws IllegalArgumentException if there is no such streaming probe method, or it takes
   *     another record type
   * @throws Exception whatever the handler method throws
   */
  public HandlerHarness<H> deliver(String method, Object record) throws Exception {
    Objects.requireNonNull(record, "record");
    for (ProbeSpec probe : probes) {
      if (methodName(probe).equals(method) && encoder.recordType(probe.id()).isPresent()) {
        Class<?> type = encoder.recordType(probe.id()).get();
        if (type != record.getClass()) {
          throw new IllegalArgumentException(
              probe.handler() + " takes a " + type.getSimpleName() + ", not a "
                  + record.getClass().getSimpleName());
        }
        return send(probe, record);
      }
    }
    throw new IllegalArgumentException(
        handlerType + " has no streaming probe method " + method + "; it has " + streaming());
  }

  private HandlerHarness<H> send(ProbeSpec probe, Object record) throws Exception {
    try (Arena arena = Arena.ofConfined()) {
      dispatcher.dispatch(encoder.encode(probe.id(), record, arena));
    }
    return this;
  }

  private List<String> streaming() {
    return probes.stream()
        .filter(p -> encoder.recordType(p.id()).isPresent())
        .map(ProbeSpec::handler)
        .toList();
  }

  /** {@code onBind}, from {@code com.example.NetProbes.onBind(BindEvent)}. */
  private static String methodName(ProbeSpec probe) {
    String handler = probe.handler();
    int paren = handler.indexOf('(');
    return handler.substring(handler.lastIndexOf('.', paren) + 1, paren);
  }

  /** The generated class of {@code handlerType} with {@code suffix}, or null if there is none. */
  private static Object generated(Class<?> handlerType, String suffix) {
    String name = ProgramConventions.companionClassName(handlerType, suffix);
    Class<?> type;
    try {
      type = Class.forName(name, true, handlerType.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot instantiate " + name + "; was it compiled by a different ebpf4j version?", e);
    }
  }
}
