package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;

import io.ebpf4j.processor.filter.FilterChecker;
import io.ebpf4j.processor.filter.FilterException;
import io.ebpf4j.processor.filter.ProbeFilter;
import io.ebpf4j.processor.format.SnapshotArchive;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventLayout;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.shape.EventTypeFactory;
import io.ebpf4j.processor.shape.FilterC;
import io.ebpf4j.processor.shape.FilterValues;
import io.ebpf4j.processor.shape.ProbeMethod;
import io.ebpf4j.processor.shape.ProbeShape;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The C of filters: the condition's text, and where the fragment goes in each shape's C. */
class FilterCTest {

  private final SnapshotArchive snapshot = SnapshotArchive.bundled();

  private TracepointFormat format(String category, String event) throws Exception {
    return snapshot.read(category, event).orElseThrow();
  }

  private static ProbeMethod probe(ProbeShape shape, EventType event, String filter)
      throws FilterException {
    return new ProbeMethod(
        0, "on", "com.example.P.on(E)", shape, "openat", "", -1, event,
        EventLayout.of(event.memberTypes(), 256),
        filter == null ? Optional.empty() : Optional.of(FilterChecker.check(filter, event, 256)),
        Optional.empty());
  }

  private static String c(ProbeMethod probe) {
    CWriter c = new CWriter();
    probe.shape().writeC(c, probe);
    return c.toString();
  }

  private EventType openatReturn() throws Exception {
    return EventTypeFactory.syscallReturn("p", "openat", format("syscalls", "sys_exit_openat"));
  }

  private EventType openatEntry() throws Exception {
    return EventTypeFactory.syscallEntry("p", "openat", format("syscalls", "sys_enter_openat"));
  }

  private EventType openatCall() throws Exception {
    return EventTypeFactory.syscallCall(
        "p", "openat", format("syscalls", "sys_enter_openat"), format("syscalls", "sys_exit_openat"));
  }

  private static String condition(String filter, EventType event) throws FilterException {
    ProbeFilter checked = FilterChecker.check(filter, event, 256);
    return FilterC.condition(
        checked.expression(), checked, FilterValues.LIVE, Map.of("comm", "buf"));
  }

  @Test
  void integersAreComparedAsS64OfTheirCType() throws Exception {
    assertThat(condition("ret < 0", openatReturn())).isEqualTo("(((s64) ((s64) ret)) < 0LL)");
    assertThat(condition("(flags & 0x40) != 0", openatEntry()))
        .isEqualTo("((((s64) ((s32) arg2)) & 64LL) != 0LL)");
    assertThat(condition("uid == 0 && pid != 1", openatEntry()))
        .isEqualTo(
            "((((s64) ((u32) bpf_get_current_uid_gid())) == 0LL)"
                + " && (((s64) (pid_tgid >> 32)) != 1LL))");
  }

  @Test
  void literalsAndUnaryOperators() throws Exception {
    assertThat(condition("ret == -2", openatReturn())).isEqualTo("(((s64) ((s64) ret)) == (-2LL))");
    assertThat(condition("ret != -9223372036854775808", openatReturn()))
        .isEqualTo("(((s64) ((s64) ret)) != (-9223372036854775807LL - 1))");
    assertThat(condition("!(~ret == -ret)", openatReturn()))
        .isEqualTo("(!((~((s64) ((s64) ret))) == (-((s64) ((s64) ret)))))");
  }

  @Test
  void shiftsAreDefinedForEveryValue() throws Exception {
    assertThat(condition("ret << 2 >> 1 == 0", openatReturn()))
        .isEqualTo("((((s64) ((u64) ((s64) ((s64) ret)) << 2LL)) >> 1LL) == 0LL)");
    assertThat(condition("1 << ret != 0", openatReturn()))
        .isEqualTo("(((s64) ((u64) 1LL << (((s64) ((s64) ret)) & 63))) != 0LL)");
  }

  @Test
  void stringsAreComparedByteByByteWithTheirNul() throws Exception {
    assertThat(condition("comm == \"ja\"", openatReturn()))
        .isEqualTo("((u8) buf[0] == 106 && (u8) buf[1] == 97 && (u8) buf[2] == 0)");
    assertThat(condition("comm != \"\"", openatReturn())).isEqualTo("(!((u8) buf[0] == 0))");
    assertThat(FilterC.stringEquals("a", "\u00e9")).isEqualTo(
        "((u8) a[0] == 195 && (u8) a[1] == 169 && (u8) a[2] == 0)");
  }

  @Test
  void withoutAFilterNothingIsWritten() throws Exception {
    CWriter c = new CWriter();
    FilterC.predicate(c, probe(ProbeShape.SYSCALL_RETURN, openatReturn(), null),
        FilterValues.LIVE, null);
    assertThat(c.toString()).isEmpty();
  }

  @Test
  void theEmitPathTestsBeforeItReserves() throws Exception {
    String c = c(probe(ProbeShape.SYSCALL_RETURN, openatReturn(), "ret < 0 && comm == \"java\""));
    String expected =
        String.join("\n",
            "  /* filter: ret < 0 && comm == \"java\" */",
            "  u32 ebpf4j_filter_zero = 0;",
            "  struct ebpf4j_filter_strings_0 *ebpf4j_filter_strings ="
                + " ebpf4j_filter_scratch_0.lookup(&ebpf4j_filter_zero);",
            "  if (!ebpf4j_filter_strings) {",
            "    return 0;",
            "  }",
            "  bpf_get_current_comm(ebpf4j_filter_strings->comm,"
                + " sizeof(ebpf4j_filter_strings->comm));",
            "  if (!((((s64) ((s64) ret)) < 0LL) && ((u8) ebpf4j_filter_strings->comm[0] == 106"
                + " && (u8) ebpf4j_filter_strings->comm[1] == 97"
                + " && (u8) ebpf4j_filter_strings->comm[2] == 118"
                + " && (u8) ebpf4j_filter_strings->comm[3] == 97"
                + " && (u8) ebpf4j_filter_strings->comm[4] == 0))) {",
            "    return 0;",
            "  }",
            "  struct ebpf4j_event_0 *event");
    assertThat(c).contains(expected);
    assertThat(c.indexOf("#ifdef EBPF4J_CGROUP_FILTER")).isLessThan(c.indexOf("/* filter:"));
  }

  @Test
  void theStringsAFilterReadsGetAPerCpuSlotOfTheBytesTheyNeed() throws Exception {
    CWriter c = new CWriter();
    FilterC.declarations(
        c, probe(ProbeShape.SYSCALL_ENTRY, openatEntry(),
            "filename == \"/etc\" || comm == \"java\" || flags == 0"));
    assertThat(c.toString())
        .isEqualTo(
            String.join("\n",
                "",
                "/* The strings the filter of com.example.P.on(E) reads. */",
                "struct ebpf4j_filter_strings_0 {",
                "  char filename[6];",
                "  char comm[6];",
                "};",
                "BPF_PERCPU_ARRAY(ebpf4j_filter_scratch_0, struct ebpf4j_filter_strings_0, 1);",
                ""));
  }

  @Test
  void noSlotWithoutStringsToRead() throws Exception {
    CWriter none = new CWriter();
    FilterC.declarations(none, probe(ProbeShape.SYSCALL_ENTRY, openatEntry(), "flags == 0"));
    // A withEntry probe compares the strings its entry holds.
    FilterC.declarations(
        none, probe(ProbeShape.SYSCALL_CALL, openatCall(), "filename == \"/a\" && ret < 0"));
    assertThat(none.toString()).isEmpty();
  }

  @Test
  void aUserStringIsReadFromItsArgument() throws Exception {
    String c = c(probe(ProbeShape.SYSCALL_ENTRY, openatEntry(), "filename == \"/etc\""));
    assertThat(c).contains(
        "  bpf_probe_read_user_str(ebpf4j_filter_strings->filename,"
            + " sizeof(ebpf4j_filter_strings->filename), (const void *) arg1);\n");
  }

  @Test
  void aTracepointReadsItsRecord() throws Exception {
    EventType exec =
        EventTypeFactory.tracepoint("p", format("sched", "sched_process_exec"));
    ProbeMethod probe =
        new ProbeMethod(
            0, "on", "com.example.P.on(E)", ProbeShape.TRACEPOINT, "sched:sched_process_exec",
            "", -1, exec, EventLayout.of(exec.memberTypes(), 256),
            Optional.of(FilterChecker.check(
                "filename == \"/bin/true\" && old_pid != 1", exec, 256)),
            Optional.empty());
    String c = c(probe);
    assertThat(c).contains(
        "bpf_probe_read_kernel_str(ebpf4j_filter_strings->filename,"
            + " sizeof(ebpf4j_filter_strings->filename),"
            + " (const char *) args + (args->filename & 0xffff));");
    assertThat(c).contains("((s64) ((s32) args->old_pid)) != 1LL");
  }

  @Test
  void aWithEntryFilterOnTheArgumentsIsTestedAtTheEntry() throws Exception {
    String c = c(probe(ProbeShape.SYSCALL_CALL, openatCall(), "comm == \"a\" && flags != 0"));
    String stash = c.substring(c.indexOf("ebpf4j_stash_0("), c.indexOf("int ebpf4j_kprobe_0"));
    assertThat(stash).contains(
        "  if (!(((u8) entry->comm[0] == 97 && (u8) entry->comm[1] == 0)"
            + " && (((s64) entry->flags) != 0LL))) {\n    return 0;\n  }\n"
            + "  if (ebpf4j_calls_0.lookup(&pid_tgid)) {");
    assertThat(c.substring(c.indexOf("ebpf4j_complete_0("))).doesNotContain("filter");
  }

  @Test
  void aWithEntryFilterOnTheReturnIsTestedAtTheReturnAndReleasesTheEntry() throws Exception {
    String c = c(probe(ProbeShape.SYSCALL_CALL, openatCall(),
        "ret < 0 && latencyNanos > 1000 && filename == \"/x\""));
    String complete = c.substring(c.indexOf("ebpf4j_complete_0("));
    assertThat(complete).contains(
        "  ebpf4j_count(EBPF4J_COUNTER_CALL_COMPLETED);\n"
            + "  u64 ebpf4j_latency = bpf_ktime_get_ns() - entry->timestamp_nanos;\n"
            + "  /* filter: ret < 0 && latencyNanos > 1000 && filename == \"/x\" */\n"
            + "  if (!(((((s64) ((s64) ret)) < 0LL) && (((s64) ebpf4j_latency) > 1000LL))"
            + " && ((u8) entry->filename[0] == 47 && (u8) entry->filename[1] == 120"
            + " && (u8) entry->filename[2] == 0))) {\n"
            + "    ebpf4j_calls_0.delete(&pid_tgid);\n"
            + "    return 0;\n"
            + "  }\n"
            + "  struct ebpf4j_event_0 *event");
    assertThat(complete).contains("event->latency_nanos = ebpf4j_latency;");
    String stash = c.substring(c.indexOf("ebpf4j_stash_0("), c.indexOf("int ebpf4j_kprobe_0"));
    assertThat(stash).doesNotContain("filter");
  }

  @Test
  void aFilterFreeProbeWritesTheSameCAsBefore() throws Exception {
    // The goldens hold the rest; here, that a filter-free return uses the helper's latency.
    String c = c(probe(ProbeShape.SYSCALL_CALL, openatCall(), null));
    assertThat(c).contains(
        "event->latency_nanos = bpf_ktime_get_ns() - entry->timestamp_nanos;");
    assertThat(c).doesNotContain("filter:");
  }
}
