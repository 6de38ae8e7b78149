package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.bad;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.ebpf4j.processor.base.Messages;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of a filter in Kprobe's Javadoc, each on a file under {@code bad/}: the error
 * is on the {@code filter} attribute, and says the column.
 */
class FilterValidationTest {

  private static void assertFilterError(
      String name, String annotation, String filter, String problem, int column, String advice) {
    JavaFileObject file = bad(name);
    Compilation compilation = snapshotCompiler().compile(file);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.filter(annotation, filter, problem, column, advice))
        .inFile(file)
        .onLineContaining("filter = ");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void anUnknownFieldListsTheFields() {
    assertFilterError(
        "FilterUnknownField", "@Kretprobe", "ret < O", Messages.filterUnknownField("O"), 7,
        Messages.filterFieldAdvice(
            Optional.empty(), List.of("timestampNanos", "pid", "tid", "uid", "gid", "comm", "ret")));
  }

  @Test
  void aSyntaxError() {
    assertFilterError(
        "FilterSyntax", "@Kprobe", "(flags & 0x40", Messages.filterExpected("`)`",
            Messages.FILTER_END), 14, Messages.filterParenthesisAdvice(1));
  }

  @Test
  void aStringComparedWithANumber() {
    assertFilterError(
        "FilterStringWithNumber", "@Tracepoint", "filename == 1",
        Messages.filterStringOperand("`filename`", "a String", "`1`", "an integer"), 13,
        Messages.filterStringAdvice());
  }

  @Test
  void aStringWithLessThan() {
    assertFilterError(
        "FilterStringLessThan", "@Kretprobe", "comm < \"java\"",
        Messages.filterStringOperator("<"), 6, Messages.filterStringAdvice());
  }

  @Test
  void aFilterThatIsNotACondition() {
    assertFilterError(
        "FilterNotACondition", "@Uprobe", "arg0 & 1", Messages.filterNotACondition("an integer"),
        1, Messages.filterConditionAdvice());
  }

  @Test
  void cPrecedence() {
    assertFilterError(
        "FilterPrecedence", "@Kprobe", "flags & 0x40 != 0",
        Messages.filterOperand("&", "an integer", "`64 != 0`", "a condition"), 9,
        Messages.filterBitwiseAdvice());
  }

  @Test
  void aLiteralLongerThanTheString() {
    assertFilterError(
        "FilterStringTooLong", "@Kprobe", "filename == \"/etc/passwd\"",
        Messages.filterStringTooLong("filename", 7, 11), 13, Messages.filterStringSizeAdvice(12));
  }

  @Test
  void anArrayField() {
    assertFilterError(
        "FilterArrayField", "@Tracepoint", "saddr == 0", Messages.filterArrayField("saddr"), 1,
        "");
  }

  @Test
  void notOnAnInteger() {
    assertFilterError(
        "FilterOnKernelReturn", "@Kretprobe", "!ret",
        Messages.filterOperand("!", "a condition", "`ret`", "an integer"), 2,
        Messages.filterNotAdvice());
  }

  @Test
  void aComparisonOfConditions() {
    assertFilterError(
        "FilterComparesConditions", "@Kretprobe", "(ret < 0) == (ret > -5)",
        Messages.filterOperand("==", "an integer", "`ret < 0`", "a condition"), 2,
        Messages.filterComparisonAdvice());
  }

  @Test
  void aShiftOutOfRange() {
    assertFilterError(
        "FilterShift", "@Uretprobe", "(ret >> 64) == 0", Messages.filterShift(64), 9,
        Messages.filterShiftAdvice());
  }

  @Test
  void aGoodFilterCompilesToCBeforeTheReservation() throws Exception {
    JavaFileObject file =
        JavaFileObjects.forSourceLines(
            "com.example.Failures",
            "package com.example;",
            "import io.ebpf4j.api.Kretprobe;",
            "public class Failures {",
            "  @Kretprobe(value = \"openat\", filter = \"ret < 0 && comm != \\\"java\\\"\")",
            "  void onReturn(OpenatReturnEvent e) {}",
            "}");
    Compilation compilation = snapshotCompiler().compile(file);
    assertThat(compilation).succeededWithoutWarnings();
    String c =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/Failures.bpf.c")
            .orElseThrow()
            .getCharContent(false)
            .toString();
    assertThat(c).contains("/* filter: ret < 0 && comm != \"java\" */");
    assertThat(c.indexOf("/* filter:")).isLessThan(c.indexOf("ringbuf_reserve"));
  }
}
