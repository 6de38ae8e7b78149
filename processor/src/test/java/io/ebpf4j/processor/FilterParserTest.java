package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.filter.FilterException;
import io.ebpf4j.processor.filter.FilterExpression;
import io.ebpf4j.processor.filter.FilterExpression.Binary;
import io.ebpf4j.processor.filter.FilterExpression.Field;
import io.ebpf4j.processor.filter.FilterExpression.Number;
import io.ebpf4j.processor.filter.FilterExpression.Operator;
import io.ebpf4j.processor.filter.FilterExpression.Text;
import io.ebpf4j.processor.filter.FilterParser;
import org.junit.jupiter.api.Test;

/** The filter's grammar: C's precedence, literals, columns, and one message per syntax error. */
class FilterParserTest {

  private static FilterExpression parse(String source) throws FilterException {
    return FilterParser.parse(source);
  }

  /** The tree, fully parenthesized, so that the tests see how it grouped. */
  private static String grouped(FilterExpression e) {
    return switch (e) {
      case Number n -> Long.toString(n.value());
      case Text t -> "\"" + t.value() + "\"";
      case Field f -> f.name();
      case FilterExpression.Unary u -> "(" + u.operator().symbol() + grouped(u.operand()) + ")";
      case Binary b ->
          "(" + grouped(b.left()) + " " + b.operator().symbol() + " " + grouped(b.right()) + ")";
    };
  }

  private static String grouped(String source) throws FilterException {
    return grouped(parse(source));
  }

  @Test
  void theBriefsExamples() throws Exception {
    assertThat(grouped("ret < 0")).isEqualTo("(ret < 0)");
    assertThat(grouped("latencyNanos > 1000000 && comm == \"java\""))
        .isEqualTo("((latencyNanos > 1000000) && (comm == \"java\"))");
    assertThat(grouped("(flags & 0x40) != 0")).isEqualTo("((flags & 64) != 0)");
  }

  @Test
  void precedenceIsCs() throws Exception {
    assertThat(grouped("a || b && c")).isEqualTo("(a || (b && c))");
    assertThat(grouped("a | b ^ c & d")).isEqualTo("(a | (b ^ (c & d)))");
    assertThat(grouped("a & b == c")).isEqualTo("(a & (b == c))");
    assertThat(grouped("a == b < c")).isEqualTo("(a == (b < c))");
    assertThat(grouped("a < b << c")).isEqualTo("(a < (b << c))");
  }

  @Test
  void binaryOperatorsAssociateLeft() throws Exception {
    assertThat(grouped("a && b && c")).isEqualTo("((a && b) && c)");
    assertThat(grouped("a >> 1 >> 2")).isEqualTo("((a >> 1) >> 2)");
  }

  @Test
  void unaryOperatorsNest() throws Exception {
    assertThat(grouped("!(a < 1)")).isEqualTo("(!(a < 1))");
    assertThat(grouped("~~a")).isEqualTo("(~(~a))");
    assertThat(grouped("-a")).isEqualTo("(-a)");
  }

  @Test
  void literals() throws Exception {
    assertThat(parse("-2")).isEqualTo(new Number(-2, 1));
    assertThat(parse("0xffffffffffffffff")).isEqualTo(new Number(-1, 1));
    assertThat(parse("-9223372036854775808")).isEqualTo(new Number(Long.MIN_VALUE, 1));
    assertThat(parse("9223372036854775807")).isEqualTo(new Number(Long.MAX_VALUE, 1));
    assertThat(parse("\"a\\\"b\\\\c\"")).isEqualTo(new Text("a\"b\\c", 1));
  }

  @Test
  void nodesKnowTheirColumns() throws Exception {
    Binary b = (Binary) parse("  ret  <  O");
    assertThat(b.column()).isEqualTo(3);
    assertThat(b.operatorColumn()).isEqualTo(8);
    assertThat(b.right().column()).isEqualTo(11);
  }

  private static FilterException error(String source) {
    return assertThrows(FilterException.class, () -> parse(source));
  }

  @Test
  void syntaxErrorsPointAtTheirColumn() {
    FilterException e = error("ret <");
    assertThat(e.problem()).isEqualTo(Messages.filterExpected("a field, a number or `(`",
        Messages.FILTER_END));
    assertThat(e.column()).isEqualTo(6);

    e = error("(ret < 0");
    assertThat(e.problem()).isEqualTo(Messages.filterExpected("`)`", Messages.FILTER_END));
    assertThat(e.advice()).isEqualTo(Messages.filterParenthesisAdvice(1));

    e = error("ret < 0 pid");
    assertThat(e.problem()).isEqualTo(Messages.filterUnexpected("pid"));
    assertThat(e.column()).isEqualTo(9);

    e = error("ret = 0");
    assertThat(e.problem()).isEqualTo(Messages.filterBadCharacter('='));
    assertThat(e.advice()).isEqualTo(Messages.filterBadCharacterAdvice('='));
    assertThat(e.column()).isEqualTo(5);

    e = error("comm == \"java");
    assertThat(e.problem()).isEqualTo(Messages.filterUnterminatedString());
    assertThat(e.column()).isEqualTo(9);

    e = error("comm == \"a\\n\"");
    assertThat(e.problem()).isEqualTo(Messages.filterBadEscape());
    assertThat(e.column()).isEqualTo(11);

    e = error("ret < 12ab");
    assertThat(e.problem()).isEqualTo(Messages.filterBadNumber("12ab"));
    assertThat(e.column()).isEqualTo(7);

    e = error("ret < 9223372036854775808");
    assertThat(e.problem()).isEqualTo(Messages.filterBadNumber("9223372036854775808"));

    e = error("ret < 0x1ffffffffffffffff");
    assertThat(e.problem()).isEqualTo(Messages.filterBadNumber("0x1ffffffffffffffff"));

    e = error("a - b");
    assertThat(e.problem()).isEqualTo(Messages.filterUnexpected("-"));
    assertThat(e.column()).isEqualTo(3);

    e = error("   ");
    assertThat(e.problem()).isEqualTo(Messages.filterEmpty());
  }

  @Test
  void showWritesWhatParsesBackTheSame() throws Exception {
    for (String source :
        new String[] {
          "ret < 0", "(flags & 0x40) != 0", "a || b && c", "(a || b) && c", "!(a < 1)",
          "comm == \"a\\\"b\"", "-a < 0 || ~a == -3", "(a << 2) >> 1 == 0"
        }) {
      FilterExpression parsed = parse(source);
      assertThat(grouped(parse(FilterExpression.show(parsed)))).isEqualTo(grouped(parsed));
    }
  }

  @Test
  void operatorsKnowTheirKind() {
    assertThat(Operator.AND.isLogical()).isTrue();
    assertThat(Operator.LESS.isComparison()).isTrue();
    assertThat(Operator.EQUAL.isComparison()).isTrue();
    assertThat(Operator.SHIFT_LEFT.isBitwise()).isTrue();
    assertThat(Operator.BIT_AND.isComparison()).isFalse();
  }
}
