package io.ebpf4j.api.internal;

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

  /** Creates an instance of the handler class through its no-argument constructor. */
  H newHandler();
}
