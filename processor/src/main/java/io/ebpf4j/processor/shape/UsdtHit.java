package io.ebpf4j.processor.shape;

import com.palantir.javapoet.ClassName;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.HotspotFlags;
import io.ebpf4j.api.internal.SdtArgument;
import io.ebpf4j.processor.base.InvalidProbeException;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.SdtCatalog;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.format.ValueKind;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.EventMember.From;
import io.ebpf4j.processor.model.EventMember.Source;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.JavaNames;
import io.ebpf4j.processor.model.MemberType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code @Usdt} and {@code @Hotspot}: a hit of a USDT probe, {@code provider:name}, with its
 * arguments as the SDT note types them ({@code arg0...}), or, for {@code @Hotspot}, as {@code
 * hotspot.d} names them. The program has one emit function taking the note's arguments as 64-bit
 * values; the runtime, which reads the notes of the binary it attaches to, adds one entry point
 * per location that reads them where that location keeps them and calls it.
 *
 * @param annotation {@code @Usdt} or {@code @Hotspot}
 */
public record UsdtHit(String annotation) implements RecordShape {

  /** The suffix of the macro that tells the runtime how many arguments the emit function takes. */
  public static final String ARGUMENT_COUNT_SUFFIX = "_argc";

  /**
   * The suffix of the macro, defined only for a probe that takes stacks, that tells the runtime to
   * pass the entry point's context first: {@code bpf_get_stackid} walks from it. Programs without
   * it are called as before.
   */
  public static final String CONTEXT_SUFFIX = "_ctx";

  static final String HOTSPOT = "@Hotspot";

  private boolean hotspot() {
    return annotation.equals(HOTSPOT);
  }

  @Override
  public String origin(String target) {
    String name = target.substring(target.indexOf(':') + 1);
    return hotspot()
        ? annotation + "(" + ProbeShape.quoted(name) + ")"
        : annotation + "(provider = " + ProbeShape.quoted(target.substring(0, target.indexOf(':')))
            + ", name = " + ProbeShape.quoted(name) + ")";
  }

  /** {@code GcBeginEvent} for {@code @Hotspot}, {@code HotspotGcBeginEvent} for {@code @Usdt}. */
  @Override
  public String recordName(String target) {
    return JavaNames.eventTypeName(
        hotspot() ? target.substring(target.indexOf(':') + 1) : target.replace(':', '_'));
  }

  @Override
  public Optional<EventType> eventType(SyscallCatalog catalog, String packageName, String target) {
    throw new IllegalArgumentException("a USDT probe's event needs its binary");
  }

  @Override
  public String unknownTarget(SyscallCatalog catalog, String target) {
    throw new IllegalArgumentException("a USDT probe's event needs its binary");
  }

  @Override
  public Optional<EventType> eventType(
      SyscallCatalog catalog, String packageName, String target, String binary)
      throws InvalidProbeException {
    SdtCatalog notes = SdtCatalogs.forBinary(binary, annotation);
    Optional<List<SdtArgument>> arguments = notes.arguments(target);
    if (arguments.isEmpty()) {
      return Optional.empty();
    }
    EventType.Builder event =
        EventType.builder(this, target, ClassName.get(packageName, recordName(target)));
    String flag =
        hotspot()
            ? HotspotFlags.requiredFlag(target.substring(target.indexOf(':') + 1))
                .map(f -> " It fires only in a JVM started with {@code -XX:+" + f + "}.")
                .orElse("")
            : "";
    event.summary(
        "A hit of the USDT probe {@code " + target + "}, typed from the SDT notes of "
            + notes.source().replace("{", "").replace("}", "") + "." + flag);
    Optional<List<HotspotProbes.Argument>> named =
        hotspot()
            ? HotspotProbes.arguments(target.substring(target.indexOf(':') + 1))
                .filter(a -> HotspotProbes.slots(a) == arguments.get().size())
            : Optional.empty();
    return Optional.of(
        event
            .members(
                named.isPresent()
                    ? namedMembers(named.get(), arguments.get())
                    : numberedMembers(arguments.get()))
            .build());
  }

  @Override
  public String unknownTarget(SyscallCatalog catalog, String target, String binary) {
    SdtCatalog notes;
    try {
      notes = SdtCatalogs.forBinary(binary, annotation);
    } catch (InvalidProbeException e) {
      return e.getMessage();
    }
    return Messages.unknownUsdt(annotation, target, notes.source(), notes.suggest(target));
  }

  /** {@code arg0...}, one per note argument, of its size and sign. */
  private static List<EventMember> numberedMembers(List<SdtArgument> arguments) {
    List<EventMember> members = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      SdtArgument a = arguments.get(i);
      members.add(
          new EventMember("arg" + i, "arg" + i, "arg" + i, scalar(a),
              "argument " + (i + 1) + ", {@code " + a.size() + "} bytes"
                  + (a.signed() ? ", signed" : ", unsigned") + " ({@code "
                  + (a.signed() ? "-" : "") + a.size() + "@" + a.operand().replace("@", "")
                  + "} at the first location)",
              Source.value(i)));
    }
    return members;
  }

  /** The members {@code hotspot.d} names: strings from two note arguments, the rest from one. */
  private static List<EventMember> namedMembers(
      List<HotspotProbes.Argument> named, List<SdtArgument> arguments) {
    Set<String> java = new HashSet<>(JavaNames.CONTEXT_COMPONENTS);
    Set<String> c = new HashSet<>(CNames.HEADER_MEMBERS);
    List<EventMember> members = new ArrayList<>();
    int slot = 0;
    for (HotspotProbes.Argument a : named) {
      String javaName = JavaNames.componentName(a.name(), java, JavaNames.CONTEXT_CLASH_SUFFIX);
      String cName = CNames.memberName(a.name(), c);
      java.add(javaName);
      c.add(cName);
      MemberType type =
          switch (a.kind()) {
            case STRING -> MemberType.probeString();
            case LONG -> MemberType.scalar(ValueKind.LONG, false);
            case INT -> MemberType.scalar(ValueKind.INT, false);
            case BOOLEAN -> MemberType.scalar(ValueKind.BOOLEAN, false);
          };
      Source source =
          a.kind() == HotspotProbes.Kind.STRING
              ? new Source(From.USER_STRING_LENGTH, slot, null)
              : Source.value(slot);
      String description =
          a.kind() == HotspotProbes.Kind.STRING
              ? "arguments " + (slot + 1) + " and " + (slot + 2)
                  + " of {@code hotspot.d}, a string and its length, read from the JVM's memory"
              : "argument " + (slot + 1) + " of {@code hotspot.d}";
      members.add(new EventMember(javaName, cName, a.name(), type, description, source));
      slot += a.kind().slots;
    }
    return members;
  }

  private static MemberType scalar(SdtArgument a) {
    ValueKind kind =
        switch (a.size()) {
          case 1 -> ValueKind.BYTE;
          case 2 -> ValueKind.SHORT;
          case 4 -> ValueKind.INT;
          default -> ValueKind.LONG;
        };
    return MemberType.scalar(kind, !a.signed());
  }

  @Override
  public List<AttachPoint> preferred(ProbeMethod probe) {
    return List.of(
        AttachPoint.usdt(probe.emitFunction(), probe.binary(), probe.target(), probe.pid()));
  }

  /**
   * The emit function, of one {@code u64} per note argument (after the context, if the probe takes
   * stacks), and the macro that says how many: the runtime's entry points assert it against the
   * notes of the binary they attach to.
   */
  @Override
  public void writeC(CWriter c, ProbeMethod probe) {
    int count = SdtCatalogs.argumentCount(probe.event());
    c.blank();
    c.line("#define $I $L", probe.emitFunction() + ARGUMENT_COUNT_SUFFIX, count);
    if (probe.hasStacks()) {
      c.line("#define $I 1", probe.emitFunction() + CONTEXT_SUFFIX);
    }
    ProbeFunctions.openFunction(
        c, "static __always_inline int $I", probe.emitFunction(),
        ProbeFunctions.argumentNames(count), probe.hasStacks());
    CFragments.reserveWithHeader(c, probe);
    for (EventMember member : probe.event().members()) {
      if (member.source().from() == From.USER_STRING_LENGTH) {
        lengthString(c, member);
      } else {
        ProbeFunctions.fillFromValue(c, "event", member);
      }
    }
    CFragments.submit(c, probe);
    c.line("return 0;");
    c.close("}");
  }

  /**
   * A string of {@code hotspot.d}: the bytes at the pointer, as many as the length says but at
   * most the member's size less one, then a NUL. The verifier needs the bound on the length.
   */
  private static void lengthString(CWriter c, EventMember member) {
    String name = member.cName();
    String pointer = "arg" + member.source().index();
    String length = "arg" + (member.source().index() + 1);
    c.open("{");
    c.line("u64 n = (u32) $I;", length);
    c.open("if (n > sizeof(event->$I) - 1) {", name);
    c.line("n = sizeof(event->$I) - 1;", name);
    c.close("}");
    c.line("bpf_probe_read_user(event->$I, n, (const void *) $I);", name, pointer);
    c.line("event->$I[n] = 0;", name);
    c.close("}");
  }

  @Override
  public String timestampMoment() {
    return "the hit";
  }

  @Override
  public String headerSubject() {
    return "current";
  }

  @Override
  public String memberNoun() {
    return "An argument";
  }

  @Override
  public String clashSuffix() {
    return JavaNames.CONTEXT_CLASH_SUFFIX;
  }
}
