package io.ebpf4j.runtime;

import com.palantir.javapoet.ClassName;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.api.internal.StackSource;
import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.MemberType;
import io.ebpf4j.processor.shape.HandlerProgram;
import io.ebpf4j.processor.shape.ProbeMethod;
import io.ebpf4j.processor.shape.ProbeShape;
import io.ebpf4j.processor.writing.BpfSourceWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The program of probes named at run time, written when they start from the running kernel's
 * tracefs formats (never the processor's snapshot) by the processor's own shapes and C writer:
 * the C is the C the processor writes for the same annotations, byte for byte but for the names
 * in its comments. Its dispatcher hands each event to its probe's handler as a {@link
 * ProbeEvent}.
 */
final class RuntimeProgram implements ProbeProgram<DynamicProbes> {
  /** Names the C and the delivery thread, where an annotated program names its handler class. */
  private static final ClassName HANDLER = ClassName.get(DynamicProbes.class);

  private final String source;
  private final List<ProbeSpec> specs;
  private final EventSchema[] schemas;
  private final List<Consumer<? super ProbeEvent>> handlers;

  private RuntimeProgram(
      String source,
      List<ProbeSpec> specs,
      List<EventSchema> schemas,
      List<Consumer<? super ProbeEvent>> handlers) {
    this.source = source;
    this.specs = List.copyOf(specs);
    this.schemas = schemas.toArray(EventSchema[]::new);
    this.handlers = List.copyOf(handlers);
  }

  /**
   * Writes the program of {@code probes}, each calling the handler at its index, from the formats
   * under {@code tracefs}'s {@code events}.
   *
   * @throws Ebpf4jException if a name is unknown (with the closest the kernel has) or a format is
   *     one the processor would refuse too
   */
  static RuntimeProgram generate(
      List<Probe> probes, List<Consumer<? super ProbeEvent>> handlers, Path tracefs) {
    SyscallCatalog catalog = new SyscallCatalog(new LiveFormats(tracefs));
    List<ProbeMethod> methods = new ArrayList<>();
    List<ProbeSpec> specs = new ArrayList<>();
    List<EventSchema> schemas = new ArrayList<>();
    for (int id = 0; id < probes.size(); id++) {
      Probe probe = probes.get(id);
      EventType event = eventType(probe, catalog);
      List<MemberType> slots = new ArrayList<>(event.memberTypes());
      if (!probe.stacks().isEmpty()) {
        // As the processor lays out a probe with stacks: two s32 stack ids after the members.
        event = event.withStacks();
        slots.add(MemberType.scalar(ValueKind.INT, false));
        slots.add(MemberType.scalar(ValueKind.INT, false));
      }
      EventLayout layout = EventLayout.of(slots, probe.stringSize());
      ProbeMethod method =
          new ProbeMethod(id, "on" + id, probe.toString(), probe.shape(), probe.target(),
              probe.binary(), probe.pid(), event, layout, Optional.empty(),
              Optional.empty(), probe.stacks());
      methods.add(method);
      specs.add(
          new ProbeSpec(
              id, probe.toString(), method.preferred(), method.fallback(), layout.size()));
      schemas.add(
          EventSchema.of(probe, event, layout, method.hasStacks() ? method.stackIdsOffset() : -1));
    }
    String source = BpfSourceWriter.write(new HandlerProgram(HANDLER, 0, false, methods));
    return new RuntimeProgram(source, specs, schemas, handlers);
  }

  /** The event the processor would give the probe's handler, as its validator asks the shape. */
  private static EventType eventType(Probe probe, SyscallCatalog catalog) {
    ProbeShape shape = probe.shape();
    Optional<EventType> generated;
    try {
      generated =
          shape.generatesRecord()
              ? shape.eventType(catalog, HANDLER.packageName(), probe.target())
              : Optional.empty();
    } catch (InvalidProbeException e) {
      throw new Ebpf4jException(DynamicMessages.unusableFormat(probe, e.getMessage()), e);
    }
    Optional<EventType> event =
        shape.event(
            new ProbeShape.Parameter() {
              @Override
              public Optional<EventType> generated(String recordName) {
                return generated;
              }

              @Override
              public Optional<EventType> api(EventType api) {
                return Optional.of(api);
              }

              @Override
              public Optional<EventType> kernelCall(String function) {
                return Optional.empty(); // no Probe names a kernel function
              }
            },
            probe.target());
    return event.orElseThrow(() -> new Ebpf4jException(probe.unknownTarget(catalog)));
  }

  /** The C, for the session to compile. */
  String source() {
    return source;
  }

  @Override
  public Class<DynamicProbes> handlerType() {
    return DynamicProbes.class;
  }

  /** Not a resource: names the C in bcc's messages. */
  @Override
  public String bpfSourceResource() {
    return specs.stream().map(ProbeSpec::handler).toList() + ".bpf.c";
  }

  @Override
  public List<ProbeSpec> probes() {
    return specs;
  }

  /** Calls the handlers given to {@link #generate}; {@code probes} only names the session. */
  @Override
  public EventDispatcher dispatcherFor(DynamicProbes probes) {
    return new RuntimeDispatcher(schemas, handlers, StackSource.NONE);
  }

  /** {@link #dispatcherFor(DynamicProbes)}, whose events' stacks come from {@code stacks}. */
  @Override
  public EventDispatcher dispatcherFor(DynamicProbes probes, StackSource stacks) {
    return new RuntimeDispatcher(schemas, handlers, stacks);
  }

  @Override
  public DynamicProbes newHandler() {
    throw new UnsupportedOperationException("a run-time program has no handler class");
  }
}
