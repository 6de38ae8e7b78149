package io.ebpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.bad;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;

import com.google.testing.compile.Compilation;
import io.ebpf4j.api.Aggregate;
import io.ebpf4j.processor.base.Messages;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per rule of Aggregate's Javadoc, each on a file under {@code bad/}. */
class AggregateValidationTest {

  private static Compilation compile(JavaFileObject file) {
    return snapshotCompiler().compile(file);
  }

  /** The message up to the list of the record's fields, which the test need not repeat. */
  private static String unknownField(String field, String record, String suggestion) {
    String message =
        Messages.aggregateUnknownField(field, record, List.of(), Optional.ofNullable(suggestion));
    return message.substring(0, message.indexOf(" (its fields"));
  }

  @Test
  void aggregateNeedsAProbe() {
    JavaFileObject file = bad("AggregateWithoutProbe");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateWithoutProbe("total"))
        .inFile(file)
        .onLineContaining("@Aggregate(Aggregate.Kind.COUNT)");
  }

  @Test
  void aggregateOnlyOnGeneratedRecords() {
    JavaFileObject file = bad("AggregateOnFunction");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateShape("@Kretprobe"))
        .inFile(file)
        .onLineContaining("@Aggregate");
  }

  @Test
  void unknownKeyFieldSuggestsTheClosest() {
    JavaFileObject file = bad("AggregateUnknownKey");
    assertThat(compile(file))
        .hadErrorContaining(unknownField("cmm", "GetppidEvent", "comm"))
        .inFile(file)
        .onLineContaining("by = \"cmm\"");
  }

  @Test
  void keyFieldIsNotAnArray() {
    JavaFileObject file = bad("AggregateArrayKey");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateKeyType("args", "an array"))
        .inFile(file)
        .onLineContaining("by = \"args\"");
  }

  @Test
  void keyFieldIsNamedOnce() {
    JavaFileObject file = bad("AggregateKeyTwice");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateKeyTwice("comm"))
        .inFile(file)
        .onLineContaining("      \"comm\"})");
  }

  @Test
  void sumNeedsAValue() {
    JavaFileObject file = bad("AggregateNoValue");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateValueMissing("SUM"))
        .inFile(file)
        .onLineContaining("@Aggregate(Aggregate.Kind.SUM)");
  }

  @Test
  void countTakesNoValue() {
    JavaFileObject file = bad("AggregateCountWithValue");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateValueForCount())
        .inFile(file)
        .onLineContaining("of = \"ret\"");
  }

  @Test
  void unknownValueFieldSuggestsTheClosest() {
    JavaFileObject file = bad("AggregateUnknownValue");
    assertThat(compile(file))
        .hadErrorContaining(unknownField("latencyNanso", "ReadCallEvent", "latencyNanos"))
        .inFile(file)
        .onLineContaining("of = \"latencyNanso\"");
  }

  @Test
  void valueFieldIsAnInteger() {
    JavaFileObject file = bad("AggregateStringValue");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateValueType("filename", "a String"))
        .inFile(file)
        .onLineContaining("of = \"filename\"");
  }

  @Test
  void linearHistogramNeedsBounds() {
    JavaFileObject file = bad("AggregateLinearBounds");
    assertThat(compile(file))
        .hadErrorContaining(
            Messages.aggregateLinearBounds(0, 100, 0, Aggregate.MAX_LINEAR_BUCKETS))
        .inFile(file)
        .onLineContaining("step = 0");
  }

  @Test
  void boundsAreOnlyForLinearHistograms() {
    JavaFileObject file = bad("AggregateLinearOnly");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateLinearOnly("LOG2_HISTOGRAM"))
        .inFile(file)
        .onLineContaining("step = 10");
  }

  @Test
  void maxKeysIsInRange() {
    JavaFileObject file = bad("AggregateMaxKeys");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateMaxKeys(0, Aggregate.MAX_KEYS))
        .inFile(file)
        .onLineContaining("maxKeys = 0");
  }

  @Test
  void intervalIsNotNegative() {
    JavaFileObject file = bad("AggregateNegativeInterval");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateInterval(-1))
        .inFile(file)
        .onLineContaining("intervalMillis = -1");
  }

  @Test
  void methodTakesTheAggregate() {
    JavaFileObject file = bad("AggregateWrongParameter");
    assertThat(compile(file))
        .hadErrorContaining(Messages.aggregateParameter("Map<GetppidByComm, Long>"))
        .inFile(file)
        .onLineContaining("Histogram> counts");
  }

  /**
   * The key record is generated whenever its fields resolve, as event records are, so a handler
   * that names it gets its real error and no "cannot find symbol" besides.
   */
  @Test
  void keyRecordIsGeneratedDespiteOtherErrors() {
    for (String file : new String[] {"AggregateMaxKeys", "AggregateKeyAndBadValue"}) {
      assertThat(compile(bad(file))).hadErrorCount(1);
    }
  }
}
