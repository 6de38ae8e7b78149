package io.ebpf4j.api.internal;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * What the processor generates for one handler class {@code H}: the BPF program's source, the
 * probes to attach, and a dispatcher that calls {@code H}'s methods.
 *
 * <p>For a handler class {@code com.example.NetProbes} the implementation is {@code
 * com.example.NetProbes_Ebpf4jProgram}; see {@link ProgramConventions#programClassName}.
 *
 * @param <H> the handler class
 */
public interface ProbeProgram<H> {

  /** The handler class whose annotated methods this program serves. */
  Class<H> handlerType();

  /**
   * The class-path resource holding the BPF C source, relative to the class-path root, for
   * example {@code com/example/NetProbes.bpf.c}. Loaded with {@code handlerType()}'s class loader.
   */
  String bpfSourceResource();

  /** The probes of the handler class, in the order of their {@link ProbeSpec#id()}s, from 0. */
  List<ProbeSpec> probes();

  /** Returns a dispatcher that calls the methods of {@code handler}. */
  EventDispatcher dispatcherFor(H handler);

  /**
   * Returns a dispatcher that calls the methods of {@code handler}, whose events' stacks come
   * from {@code stacks}. Programs without a probe that takes stacks ignore it.
   */
  default EventDispatcher dispatcherFor(H handler, StackSource stacks) {
    return dispatcherFor(handler);
  }

  /**
   * Whether the handler class is marked {@code @JfrEvents}, so that its {@code _Ebpf4jJfr}
   * companion records each event. The program says so, rather than the runtime looking for the
   * companion, because a build that drops the mark regenerates the program but may leave the old
   * companion's class file behind; and because looking for a class that is not there searches
   * every jar on the class path.
   */
  default boolean recordsToJfr() {
    return false;
  }

  /** Creates an instance of the handler class through its no-argument constructor. */
  H newHandler();

  /** The {@code @Aggregate} methods, each reading the map of its probe; none by default. */
  default List<AggregateSpec> aggregates() {
    return List.of();
  }

  /**
   * The generated key record of the aggregate of probe {@code probeId}, from the {@code
   * keySize} bytes of {@code key}; null for an aggregate without key fields.
   */
  default Object decodeKey(int probeId, MemorySegment key) {
    throw new IllegalArgumentException("probe " + probeId + " does not aggregate");
  }

  /**
   * Calls the {@code @Aggregate} method of probe {@code probeId} on {@code handler} with {@code
   * aggregate}: a {@code Map} of keys to values, or the one value of an aggregate without keys.
   *
   * @throws Exception whatever the method throws
   */
  default void deliverAggregate(H handler, int probeId, Object aggregate) throws Exception {
    throw new IllegalArgumentException("probe " + probeId + " does not aggregate");
  }
}
