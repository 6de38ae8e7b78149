package io.ebpf4j.processor.shape;

import io.ebpf4j.api.Aggregate;
import io.ebpf4j.api.internal.AggregateSpec;
import io.ebpf4j.api.internal.ProgramConventions.Counter;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.MemberType;
import java.util.List;

/**
 * The C of an {@code @Aggregate} probe. The probe fills its event as a streaming one would, but
 * in a per-CPU slot instead of the ring buffer, and then adds it to a per-CPU hash by key: the
 * key struct is built from the event's key fields, and the value is one {@code u64} (count,
 * sum) or a stats header with the histogram's buckets. A key the full hash refuses is counted.
 *
 * <p>The updates are plain adds, not atomic ones: each CPU has its own value, and the kprobes and
 * tracepoints that aggregate run with preemption off, so nothing else updates it meanwhile.
 */
public final class AggregateC {

  /** The function that gives a value's log2 bucket, as bpftrace's {@code hist()} numbers them. */
  static final String LOG2_SLOT = CNames.GENERATED_PREFIX + "log2_slot";

  private AggregateC() {}

  /** The functions aggregating probes share, if any probe of {@code program} needs them. */
  public static void helpers(CWriter c, HandlerProgram program) {
    boolean log2 =
        program.probes().stream()
            .anyMatch(p -> p.aggregation().map(a -> a.kind() == Aggregate.Kind.LOG2_HISTOGRAM)
                .orElse(false));
    if (!log2) {
      return;
    }
    c.blank();
    c.line("/* 0 for a negative value, 1 for 0, else 2 + floor(log2(v)): bpftrace's hist(). */");
    c.open("static __always_inline u32 $I(s64 v) {", LOG2_SLOT);
    c.open("if (v < 0) {");
    c.line("return 0;");
    c.close("}");
    c.open("if (v == 0) {");
    c.line("return 1;");
    c.close("}");
    c.line("u64 n = v;");
    c.line("u32 log = 0;");
    for (int shift : List.of(32, 16, 8, 4, 2, 1)) {
      c.open("if (n >> $L) {", shift);
      c.line("n >>= $L;", shift);
      c.line("log += $L;", shift);
      c.close("}");
    }
    c.line("return log + 2;");
    c.close("}");
  }

  /** The key and value structs, the maps and the function that adds an event. */
  public static void write(CWriter c, ProbeMethod probe) {
    Aggregation aggregation = probe.aggregation().orElseThrow();
    int stringSize = probe.layout().stringSize();
    String key = keyType(probe);
    String value = valueType(probe);
    if (!aggregation.keys().isEmpty()) {
      c.open("struct $I {", probe.keyStruct());
      for (Aggregation.Field field : aggregation.keys()) {
        CFragments.declare(c, field.cName(), field.type(), stringSize);
      }
      c.close("};");
      List<Aggregation.Field> keys = aggregation.keys();
      for (int i = 0; i < keys.size(); i++) {
        CFragments.assertOffset(c, probe.keyStruct(), keys.get(i).cName(),
            aggregation.keyOffsets().get(i), "ebpf4j key layout: " + keys.get(i).cName());
      }
      c.line("_Static_assert(sizeof(struct $I) == $L, $S);", probe.keyStruct(),
          aggregation.keySize(), "ebpf4j key layout: size");
    }
    if (!aggregation.scalar()) {
      c.open("struct $I {", probe.valueStruct());
      c.line("u64 count;");
      c.line("s64 sum;");
      c.line("s64 min;");
      c.line("s64 max;");
      if (aggregation.slots() > 0) {
        c.line("u64 slots[$L];", aggregation.slots());
      }
      c.close("};");
      c.line("_Static_assert(sizeof(struct $I) == $L, $S);", probe.valueStruct(),
          aggregation.valueSize(), "ebpf4j value layout: size");
      c.line("BPF_ARRAY($I, struct $I, 1);", probe.aggregateZeroMap(), probe.valueStruct());
    }
    c.line("BPF_PERCPU_HASH($I, " + cType(key) + ", " + cType(value) + ", $L);",
        typeArgs(probe.aggregateMap(), key, value, aggregation.maxKeys()));
    c.line("BPF_PERCPU_ARRAY($I, struct $I, 1);", probe.aggregateEventMap(), probe.eventStruct());
    c.blank();
    writeAdd(c, probe, aggregation, key, value);
  }

  /** The C type of the key: {@code struct ebpf4j_key_0}, or {@code u32} without fields. */
  private static String keyType(ProbeMethod probe) {
    return probe.aggregation().orElseThrow().keys().isEmpty() ? "u32" : "struct " + probe.keyStruct();
  }

  /** The C type of a value: {@code struct ebpf4j_value_0}, or {@code u64}. */
  private static String valueType(ProbeMethod probe) {
    return probe.aggregation().orElseThrow().scalar() ? "u64" : "struct " + probe.valueStruct();
  }

  private static void writeAdd(
      CWriter c, ProbeMethod probe, Aggregation aggregation, String key, String value) {
    c.open("static __always_inline void $I(struct $I *event) {", probe.aggregateFunction(),
        probe.eventStruct());
    c.line(cType(key) + " key;", typeArgs(key));
    c.line("__builtin_memset(&key, 0, sizeof(key));");
    for (Aggregation.Field field : aggregation.keys()) {
      if (field.type().shape() == MemberType.Shape.STRING) {
        // Up to the NUL only: the slot's bytes after it are an earlier event's.
        c.line("bpf_probe_read_kernel_str(key.$I, sizeof(key.$I), event->$I);",
            field.cName(), field.cName(), field.cName());
      } else {
        c.line("key.$I = event->$I;", field.cName(), field.cName());
      }
    }
    aggregation.value().ifPresent(
        field -> c.line("s64 v = (s64) event->$I;", field.cName()));
    c.line(cType(value) + " *value = $I.lookup(&key);", typeArgs(value, probe.aggregateMap()));
    c.open("if (!value) {");
    if (aggregation.scalar()) {
      c.line("u64 zero = 0;");
      c.line("$I.insert(&key, &zero);", probe.aggregateMap());
    } else {
      c.line("u32 first = 0;");
      c.line(cType(value) + " *zero = $I.lookup(&first);",
          typeArgs(value, probe.aggregateZeroMap()));
      c.open("if (!zero) {");
      c.line("return;");
      c.close("}");
      c.line("$I.insert(&key, zero);", probe.aggregateMap());
    }
    // Another CPU may have inserted the key meanwhile; only a full map leaves it out.
    c.line("value = $I.lookup(&key);", probe.aggregateMap());
    c.open("if (!value) {");
    CFragments.count(c, Counter.AGGREGATE_KEY_DROPPED);
    c.line("return;");
    c.close("}");
    c.close("}");
    switch (aggregation.kind()) {
      case COUNT -> c.line("*value += 1;");
      case SUM -> c.line("*value += v;");
      default -> {
        c.open("if (value->count == 0 || v < value->min) {");
        c.line("value->min = v;");
        c.close("}");
        c.open("if (value->count == 0 || v > value->max) {");
        c.line("value->max = v;");
        c.close("}");
        c.line("value->count += 1;");
        c.line("value->sum += v;");
        writeSlot(c, aggregation);
      }
    }
    c.close("}");
  }

  private static void writeSlot(CWriter c, Aggregation aggregation) {
    switch (aggregation.kind()) {
      case LOG2_HISTOGRAM -> c.line("u32 slot = $I(v);", LOG2_SLOT);
      case LINEAR_HISTOGRAM -> {
        c.line("u32 slot = $L;", aggregation.slots() - 1);
        c.open("if (v < ((s64) $LLL)) {", aggregation.min());
        c.line("slot = 0;");
        c.close("}");
        c.open("if (v >= ((s64) $LLL) && v < ((s64) $LLL)) {", aggregation.min(),
            aggregation.max());
        c.line("slot = (u64) (v - ((s64) $LLL)) / $LULL + 1;", aggregation.min(),
            aggregation.step());
        c.close("}");
      }
      default -> {
        return;
      }
    }
    // The bound is for the verifier: the slot is always in range, and clang, which can tell,
    // would drop the check unless the empty asm hides the slot's value from it.
    c.line("asm volatile(\"\" : \"+r\"(slot));");
    c.open("if (slot < $L) {", aggregation.slots());
    c.line("value->slots[slot] += 1;");
    c.close("}");
  }

  /** The template of a C type: {@code struct $I} or {@code $I}; see {@link #typeArgs}. */
  private static String cType(String type) {
    return type.startsWith("struct ") ? "struct $I" : "$I";
  }

  /** The arguments of a template with {@link #cType}s: a type's name without {@code struct}. */
  private static Object[] typeArgs(Object... args) {
    Object[] names = args.clone();
    for (int i = 0; i < names.length; i++) {
      if (names[i] instanceof String s && s.startsWith("struct ")) {
        names[i] = s.substring("struct ".length());
      }
    }
    return names;
  }

  /**
   * Takes the probe's per-CPU event slot instead of ring-buffer space, returning if there is
   * none; {@code release}, if not null, is the calls map whose entry of {@code pid_tgid} to
   * delete first.
   */
  static void scratchEvent(CWriter c, ProbeMethod probe, String release) {
    c.line("u32 aggregate_slot = 0;");
    c.line("struct $I *event = $I.lookup(&aggregate_slot);", probe.eventStruct(),
        probe.aggregateEventMap());
    c.open("if (!event) {");
    if (release != null) {
      c.line("$I.delete(&pid_tgid);", release);
    }
    c.line("return 0;");
    c.close("}");
  }

  /** The spec of the runtime, from the same numbers as the C. */
  public static AggregateSpec spec(ProbeMethod probe) {
    Aggregation a = probe.aggregation().orElseThrow();
    return new AggregateSpec(probe.id(), probe.methodName(), probe.aggregateMap(), a.kind(),
        !a.keys().isEmpty(), a.keySize(), a.valueSize(), a.slots(), a.min(), a.step(),
        a.intervalMillis(), a.reset());
  }
}
