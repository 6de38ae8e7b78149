package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.filter.FilterChecker;
import io.ebpf4j.processor.filter.FilterException;
import io.ebpf4j.processor.filter.FilterField;
import io.ebpf4j.processor.filter.ProbeFilter;
import io.ebpf4j.processor.format.SnapshotArchive;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.shape.EventTypeFactory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The filter's types, against real records of the bundled snapshot. */
class FilterCheckerTest {

  private final SnapshotArchive snapshot = SnapshotArchive.bundled();

  private EventType openatReturn() throws Exception {
    return EventTypeFactory.syscallReturn(
        "p", "openat", snapshot.read("syscalls", "sys_exit_openat").orElseThrow());
  }

  private EventType openatCall() throws Exception {
    return EventTypeFactory.syscallCall(
        "p", "openat", snapshot.read("syscalls", "sys_enter_openat").orElseThrow(),
        snapshot.read("syscalls", "sys_exit_openat").orElseThrow());
  }

  private ProbeFilter check(String source) throws Exception {
    return FilterChecker.check(source, openatCall(), 256);
  }

  private FilterException error(String source) throws Exception {
    EventType call = openatCall();
    return assertThrows(FilterException.class, () -> FilterChecker.check(source, call, 256));
  }

  @Test
  void theBriefsExamplesAreConditions() throws Exception {
    assertThat(FilterChecker.check("ret < 0", openatReturn(), 256).fields())
        .containsExactly(FilterField.of(
            openatReturn().members().get(0), 256));
    ProbeFilter both = check("latencyNanos > 1000000 && comm == \"java\"");
    assertThat(both.fields().stream().map(FilterField::name).toList())
        .containsExactly("latencyNanos", "comm").inOrder();
    assertThat(both.stringBytes()).containsExactly("comm", 6);
    assertThat(check("(flags & 0x40) != 0").uses("flags")).isTrue();
  }

  @Test
  void contextFieldsAreFields() throws Exception {
    assertThat(check("pid == 1 || tid == 2 || uid == 0 || gid == 0 || timestampNanos > 0")
            .fields().size())
        .isEqualTo(5);
  }

  @Test
  void aStringReadsOneByteMoreThanTheLongestLiteralButNoMoreThanItHolds() throws Exception {
    assertThat(check("filename == \"/a\" || filename != \"/abc\"").stringBytes())
        .containsExactly("filename", 6);
    // comm holds 15 bytes and its NUL: a 15-byte literal reads all 16.
    assertThat(check("comm == \"123456789012345\"").stringBytes()).containsExactly("comm", 16);
    assertThat(check("\"java\" == comm").stringBytes()).containsExactly("comm", 6);
  }

  @Test
  void anUnknownFieldSuggestsTheClosest() throws Exception {
    FilterException e = error("ret < 0 && flagz != 0");
    assertThat(e.problem()).isEqualTo(Messages.filterUnknownField("flagz"));
    assertThat(e.column()).isEqualTo(12);
    assertThat(e.advice()).isEqualTo("; did you mean `flags`?");
  }

  @Test
  void anUnknownFieldFarFromAllListsThem() throws Exception {
    FilterException e = error("ret < O");
    assertThat(e.column()).isEqualTo(7);
    assertThat(e.advice())
        .isEqualTo(Messages.filterFieldAdvice(Optional.empty(), List.of(
            "timestampNanos", "pid", "tid", "uid", "gid", "comm", "dfd", "filename", "flags",
            "mode", "ret", "latencyNanos")));
  }

  @Test
  void theFilterMustBeACondition() throws Exception {
    FilterException e = error("flags & 0x40");
    assertThat(e.problem()).isEqualTo(Messages.filterNotACondition("an integer"));
    assertThat(e.column()).isEqualTo(1);
    assertThat(e.advice()).isEqualTo(Messages.filterConditionAdvice());
  }

  @Test
  void cPrecedenceMistakesAreCaught() throws Exception {
    FilterException e = error("flags & 0x40 != 0");
    assertThat(e.problem())
        .isEqualTo(Messages.filterOperand("&", "an integer", "`64 != 0`", "a condition"));
    assertThat(e.column()).isEqualTo(9);
    assertThat(e.advice()).isEqualTo(Messages.filterBitwiseAdvice());
  }

  @Test
  void logicalOperatorsTakeConditions() throws Exception {
    FilterException e = error("ret && pid == 1");
    assertThat(e.problem())
        .isEqualTo(Messages.filterOperand("&&", "a condition", "`ret`", "an integer"));
    assertThat(e.column()).isEqualTo(1);
    FilterException not = error("!ret");
    assertThat(not.advice()).isEqualTo(Messages.filterNotAdvice());
    assertThat(not.column()).isEqualTo(2);
  }

  @Test
  void comparisonsTakeIntegers() throws Exception {
    FilterException e = error("(ret < 0) == (pid < 1)");
    assertThat(e.problem())
        .isEqualTo(Messages.filterOperand("==", "an integer", "`ret < 0`", "a condition"));
    assertThat(e.column()).isEqualTo(2);
  }

  @Test
  void aStringComparedWithANumber() throws Exception {
    FilterException e = error("comm == 1");
    assertThat(e.problem())
        .isEqualTo(Messages.filterStringOperand("`comm`", "a String", "`1`", "an integer"));
    assertThat(e.column()).isEqualTo(9);
    assertThat(e.advice()).isEqualTo(Messages.filterStringAdvice());
    FilterException literal = error("ret == \"x\"");
    assertThat(literal.column()).isEqualTo(1);
  }

  @Test
  void aStringComparedWithAnotherFieldOrTwoLiterals() throws Exception {
    assertThat(error("comm == filename").column()).isEqualTo(9);
    assertThat(error("\"a\" == \"a\"").column()).isEqualTo(8);
  }

  @Test
  void aStringWithLessThan() throws Exception {
    FilterException e = error("comm < \"java\"");
    assertThat(e.problem()).isEqualTo(Messages.filterStringOperator("<"));
    assertThat(e.column()).isEqualTo(6);
  }

  @Test
  void aLiteralOutsideAComparison() throws Exception {
    FilterException e = error("\"java\" && ret < 0");
    assertThat(e.problem())
        .isEqualTo(Messages.filterOperand("&&", "a condition", "`\"java\"`", "a string literal"));
  }

  @Test
  void aLiteralLongerThanTheFieldNeverMatches() throws Exception {
    FilterException e = error("comm == \"1234567890123456\"");
    assertThat(e.problem()).isEqualTo(Messages.filterStringTooLong("comm", 15, 16));
    assertThat(e.advice()).isEmpty();
    EventType call = openatCall();
    FilterException sized =
        assertThrows(FilterException.class,
            () -> FilterChecker.check("filename == \"/etc/passwd\"", call, 8));
    assertThat(sized.advice()).isEqualTo(Messages.filterStringSizeAdvice(12));
  }

  @Test
  void aNulInALiteral() throws Exception {
    assertThat(error("comm == \"a\0\"").problem()).isEqualTo(Messages.filterStringNul());
  }

  @Test
  void longLiteralsOfSeveralStringsAreFine() throws Exception {
    EventType rename =
        EventTypeFactory.syscallEntry(
            "p", "rename", snapshot.read("syscalls", "sys_enter_rename").orElseThrow());
    String a = "/" + "a".repeat(254);
    String b = "/" + "b".repeat(200);
    ProbeFilter both =
        FilterChecker.check(
            "oldname == \"" + a + "\" && newname == \"" + b + "\"", rename, 256);
    assertThat(both.stringBytes()).containsExactly("oldname", 256, "newname", 203);
  }

  @Test
  void aShiftOutOfRange() throws Exception {
    FilterException e = error("(flags << 64) != 0");
    assertThat(e.problem()).isEqualTo(Messages.filterShift(64));
    assertThat(e.column()).isEqualTo(11);
    check("(flags << 63) != 0");
  }

  @Test
  void anArrayCannotBeCompared() throws Exception {
    EventType state =
        EventTypeFactory.tracepoint(
            "p", snapshot.read("sock", "inet_sock_set_state").orElseThrow());
    FilterException e =
        assertThrows(FilterException.class,
            () -> FilterChecker.check("saddr == 0", state, 256));
    assertThat(e.problem()).isEqualTo(Messages.filterArrayField("saddr"));
    assertThat(e.column()).isEqualTo(1);
    assertThat(FilterChecker.check("newstate == 10 && sport != 0", state, 256).fields())
        .hasSize(2);
  }
}
