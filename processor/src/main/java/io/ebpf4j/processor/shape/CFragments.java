package io.ebpf4j.processor.shape;

import static io.ebpf4j.api.internal.ProgramConventions.COUNTERS_MAP;
import static io.ebpf4j.api.internal.ProgramConventions.DEFAULT_STACK_MAP_SIZE;
import static io.ebpf4j.api.internal.ProgramConventions.EVENTS_MAP;
import static io.ebpf4j.api.internal.ProgramConventions.FILTERS_MAP;
import static io.ebpf4j.api.internal.ProgramConventions.STACKS_MAP;
import static io.ebpf4j.api.internal.ProgramConventions.STACK_MAP_SIZE_MACRO;

import io.ebpf4j.api.Stack;
import io.ebpf4j.api.internal.ProgramConventions.Counter;
import io.ebpf4j.api.internal.ProgramConventions.Filter;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventMember;
import io.ebpf4j.processor.model.HeaderField;
import io.ebpf4j.processor.model.MemberType;
import java.util.List;

/**
 * The C lines every shape shares, written only here: the event struct and its header, the
 * header's fill, the reservation that counts a drop, the process filter and the layout asserts.
 */
public final class CFragments {

  /** The function that adds one to a {@link Counter}'s slot. */
  static final String COUNT = CNames.GENERATED_PREFIX + "count";

  /** The function that says whether a value is not the one a {@link Filter} keeps. */
  static final String NOT_KEPT = CNames.GENERATED_PREFIX + "not_kept";

  /** What a live probe fills the header from: the helpers, now. */
  static final HeaderSources LIVE = new HeaderSources("bpf_ktime_get_ns()", "uid_gid", null);

  /** A stashed entry's {@code bpf_get_current_uid_gid()}, split into the header at return. */
  private static final String STASHED_UID_GID = CNames.GENERATED_PREFIX + "uid_gid";

  private CFragments() {}

  /**
   * Where the C takes the header's values from, besides the local {@code pid_tgid}: C
   * expressions of the processor's own, not names from a format.
   *
   * @param timestamp the timestamp expression
   * @param uidGid the expression of {@code bpf_get_current_uid_gid()}'s value
   * @param commSource the struct pointer whose {@code comm} is copied, or null to ask the helper
   */
  record HeaderSources(String timestamp, String uidGid, String commSource) {}

  /**
   * The counting function. Per CPU, so that counting costs no shared cache line; atomic, because
   * a uprobe's program may be preempted by another on the same CPU.
   */
  public static void countFunction(CWriter c) {
    c.open("static __always_inline void $I(u32 counter) {", COUNT);
    c.line("u64 *n = $I.lookup(&counter);", COUNTERS_MAP);
    c.open("if (n) {");
    c.line("__sync_fetch_and_add(n, 1);");
    c.close("}");
    c.close("}");
  }

  /** {@code ebpf4j_count(EBPF4J_COUNTER_...);} */
  static void count(CWriter c, Counter counter) {
    c.line("$I($I);", COUNT, counter.macro());
  }

  /** The probe's event struct: the {@link HeaderField}s, its members, and their asserts. */
  public static void eventStruct(CWriter c, ProbeMethod probe) {
    String struct = probe.eventStruct();
    EventLayout layout = probe.layout();
    c.line("/* $C */", probe.description());
    c.open("struct $I {", struct);
    for (HeaderField field : HeaderField.values()) {
      declare(c, field.cName(), field.type(), layout.stringSize());
    }
    for (EventMember member : probe.event().members()) {
      declare(c, member.cName(), member.type(), layout.stringSize());
    }
    if (probe.hasStacks()) {
      for (String stackId : ProbeMethod.STACK_ID_MEMBERS) {
        c.line("s32 $I;", stackId);
      }
    }
    c.close("};");
    // The header's u64 and u32s sit where any compiler puts them; comm is asserted as the one
    // whose offset depends on all before it.
    assertOffset(c, struct, HeaderField.COMM.cName(), HeaderField.COMM.offset(),
        "ebpf4j layout: " + HeaderField.COMM.cName());
    List<EventMember> members = probe.event().members();
    for (int i = 0; i < members.size(); i++) {
      assertOffset(c, struct, members.get(i).cName(), layout.offsets().get(i),
          "ebpf4j layout: " + members.get(i).cName());
    }
    if (probe.hasStacks()) {
      assertOffset(c, struct, ProbeMethod.STACK_ID_MEMBERS.get(0), probe.stackIdsOffset(),
          "ebpf4j layout: " + ProbeMethod.STACK_ID_MEMBERS.get(0));
    }
    c.line(
        "_Static_assert(sizeof(struct $I) == $L, $S);", struct, layout.size(),
        "ebpf4j layout: size");
  }

  /**
   * {@code event->ebpf4j_kernel_stack = ebpf4j_stacks.get_stackid(ctx, 0);} for each stack the
   * probe takes; a negative id is the helper's error, which the runtime counts as a lost stack.
   */
  private static void stackIds(CWriter c, ProbeMethod probe, String context) {
    if (probe.stacks().contains(Stack.KERNEL)) {
      c.line("event->$I = $I.get_stackid($I, 0);", ProbeMethod.STACK_ID_MEMBERS.get(0),
          STACKS_MAP, context);
    }
    if (probe.stacks().contains(Stack.USER)) {
      c.line("event->$I = $I.get_stackid($I, BPF_F_USER_STACK);",
          ProbeMethod.STACK_ID_MEMBERS.get(1), STACKS_MAP, context);
    }
  }

  /** The stack map, for a program with a probe that takes stacks; sized by the runtime. */
  public static void stacksMap(CWriter c) {
    c.line("#ifndef $I", STACK_MAP_SIZE_MACRO);
    c.line("#define $I $L", STACK_MAP_SIZE_MACRO, DEFAULT_STACK_MAP_SIZE);
    c.line("#endif");
    c.line("BPF_STACK_TRACE($I, $I);", STACKS_MAP, STACK_MAP_SIZE_MACRO);
  }

  /** {@code s32 fd;}, {@code char filename[256];} or {@code u8 saddr[4];}. */
  static void declare(CWriter c, String name, MemberType type, int stringSize) {
    switch (type.shape()) {
      case SCALAR -> c.line("$I $I;", type.cType(), name);
      case STRING -> c.line("char $I[$L];", name, type.capacity(stringSize));
      case ARRAY -> c.line("$I $I[$L];", type.cType(), name, type.length());
    }
  }

  /**
   * The header values an entry keeps until its return, as members of the entry's struct: the
   * return's thread is the entry's, so pid and tid are taken again, but the time, the ids and
   * the name are the entry's.
   */
  static void declareStashedHeader(CWriter c) {
    declare(c, HeaderField.TIMESTAMP.cName(), HeaderField.TIMESTAMP.type(), 0);
    c.line("u64 $I;", STASHED_UID_GID);
    declare(c, HeaderField.COMM.cName(), HeaderField.COMM.type(), 0);
  }

  /** Fills the {@linkplain #declareStashedHeader stashed header} of {@code entry} now. */
  static void stashHeader(CWriter c, String entry) {
    c.line("$I->$I = bpf_ktime_get_ns();", entry, HeaderField.TIMESTAMP.cName());
    c.line("$I->$I = bpf_get_current_uid_gid();", entry, STASHED_UID_GID);
    c.line("bpf_get_current_comm(&$I->$I, sizeof($I->$I));",
        entry, HeaderField.COMM.cName(), entry, HeaderField.COMM.cName());
  }

  /** What a return fills the header from: the header {@code entry} stashed. */
  static HeaderSources stashedIn(String entry) {
    return new HeaderSources(
        entry + "->" + HeaderField.TIMESTAMP.cName(), entry + "->" + STASHED_UID_GID, entry);
  }

  /**
   * The map of the runtime's filters and the function that reads it, both compiled in only when
   * the runtime turns a filter on. The values are read from the map at each event, not compiled
   * in, so that a start filtered to another process, user or cgroup loads the same program from
   * the cache; the verifier inlines the lookup of an array, so the read costs a few instructions.
   */
  public static void filtersMap(CWriter c) {
    StringBuilder any = new StringBuilder("#if");
    for (Filter filter : Filter.values()) {
      any.append(filter.ordinal() == 0 ? " " : " || ").append("defined(").append(filter.macro())
          .append(')');
    }
    // The names are the processor's own.
    c.line(any.toString());
    c.line("/* What the runtime's filters keep: it writes them before any probe attaches. */");
    for (Filter filter : Filter.values()) {
      c.line("#define $I $L", filter.slotMacro(), filter.ordinal());
    }
    c.line("BPF_ARRAY($I, u64, $L);", FILTERS_MAP, Filter.values().length);
    c.open("static __always_inline int $I(u32 slot, u64 value) {", NOT_KEPT);
    c.line("u64 *kept = $I.lookup(&slot);", FILTERS_MAP);
    c.line("return !kept || *kept != value;");
    c.close("}");
    c.line("#endif");
  }

  /**
   * Skips the events the runtime's filters leave out, by process, user or cgroup, each compiled
   * in only when the runtime defines its macro; needs {@code pid_tgid} and {@link #filtersMap}.
   */
  public static void filter(CWriter c) {
    runtimeFilter(c, Filter.TGID, "pid_tgid >> 32");
    runtimeFilter(c, Filter.UID, "(u32) bpf_get_current_uid_gid()");
    runtimeFilter(c, Filter.CGROUP, "bpf_get_current_cgroup_id()");
  }

  /** {@code return 0} unless {@code value} is the one {@code filter} keeps, if it is on. */
  private static void runtimeFilter(CWriter c, Filter filter, String value) {
    c.line("#ifdef $I", filter.macro());
    // The value is C of the processor's own.
    c.open("if ($I($I, " + value + ")) {", NOT_KEPT, filter.slotMacro());
    c.line("return 0;");
    c.close("}");
    c.line("#endif");
  }

  /**
   * Reserves {@code event} in the ring buffer, or counts the drop and returns; {@code release},
   * if not null, is a calls map whose entry of {@code pid_tgid} the drop deletes first.
   */
  static void reserve(CWriter c, ProbeMethod probe, String release) {
    String struct = probe.eventStruct();
    if (probe.aggregates()) {
      AggregateC.scratchEvent(c, probe, release);
      return;
    }
    c.line(
        "struct $I *event = $I.ringbuf_reserve(sizeof(struct $I));", struct, EVENTS_MAP, struct);
    c.open("if (!event) {");
    if (release != null) {
      c.line("$I.delete(&pid_tgid);", release);
    }
    count(c, Counter.RING_BUFFER_FULL);
    c.line("return 0;");
    c.close("}");
  }

  /**
   * Hands the filled {@code event} on: submits it to the ring buffer, or adds it to the probe's
   * aggregate, which keeps nothing of it per event.
   */
  static void submit(CWriter c, ProbeMethod probe) {
    submit(c, probe, ProbeFunctions.CONTEXT);
  }

  /**
   * {@link #submit}, first taking the probe's stacks, if it has any, from {@code context}, the
   * program's context as the function names it. Last, so that a dropped event costs no stack
   * walk.
   */
  static void submit(CWriter c, ProbeMethod probe, String context) {
    if (probe.hasStacks()) {
      stackIds(c, probe, context);
    }
    if (probe.aggregates()) {
      c.line("$I(event);", probe.aggregateFunction());
    } else {
      c.line("$I.ringbuf_submit(event, 0);", EVENTS_MAP);
    }
  }

  /**
   * Filters by process, reserves the event (counting a drop if the ring is full) and fills its
   * header from the helpers, leaving {@code event} and {@code pid_tgid} set.
   */
  static void reserveWithHeader(CWriter c, ProbeMethod probe) {
    c.line("u64 pid_tgid = bpf_get_current_pid_tgid();");
    filter(c);
    FilterC.predicate(c, probe, FilterValues.LIVE, null);
    reserve(c, probe, null);
    if (fills(probe, HeaderField.UID) || fills(probe, HeaderField.GID)) {
      c.line("u64 uid_gid = bpf_get_current_uid_gid();");
    }
    fillHeader(c, probe, LIVE);
  }

  /**
   * Whether the C fills {@code field} of the event: always for a streaming probe, and for an
   * aggregating one only if a key or the value is that field, since no one else reads its event
   * and each helper call costs the traced call time.
   */
  static boolean fills(ProbeMethod probe, HeaderField field) {
    return probe.aggregation().map(a -> a.uses(field.cName())).orElse(true);
  }

  /** Sets each {@link HeaderField} of {@code event} from {@code sources} and {@code pid_tgid}. */
  static void fillHeader(CWriter c, ProbeMethod probe, HeaderSources sources) {
    for (HeaderField field : HeaderField.values()) {
      if (!fills(probe, field)) {
        continue;
      }
      String value =
          switch (field.input()) {
            case TIMESTAMP -> sources.timestamp();
            case PROBE_ID -> String.valueOf(probe.id());
            case PID_TGID -> "pid_tgid";
            case UID_GID -> sources.uidGid();
            case COMM -> null;
          };
      String name = field.cName();
      if (value != null) {
        // The value is C the processor writes itself, never a name from a format.
        c.line("event->$I = " + String.format(field.conversion(), value) + ";", name);
      } else if (sources.commSource() == null) {
        c.line("bpf_get_current_comm(&event->$I, sizeof(event->$I));", name, name);
      } else {
        c.line("__builtin_memcpy(event->$I, $I->$I, sizeof(event->$I));",
            name, sources.commSource(), name, name);
      }
    }
  }

  /** {@code _Static_assert} that {@code member} of {@code struct} is at {@code offset}. */
  static void assertOffset(CWriter c, String struct, String member, int offset, String message) {
    c.line(
        "_Static_assert(__builtin_offsetof(struct $I, $I) == $L, $S);",
        struct, member, offset, message);
  }
}
