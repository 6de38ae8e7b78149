package io.ebpf4j.processor.filter;

/**
 * A probe's {@code filter}, parsed: a tree of literals, field names and operators, each node with
 * the column (from 1) where it starts in the annotation value, so that an error points there.
 * {@link FilterParser} builds it, {@link FilterChecker} types it, {@link FilterC} writes its C.
 */
public sealed interface FilterExpression {

  /** Where the node starts in the filter, counting from 1. */
  int column();

  /** The expression as a filter would write it, parenthesized only where C needs it. */
  static String show(FilterExpression expression) {
    return switch (expression) {
      case Number n -> Long.toString(n.value());
      case Text t -> "\"" + t.value().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
      case Field f -> f.name();
      case Unary u -> u.operator().symbol() + showOperand(u.operand(), Integer.MAX_VALUE);
      case Binary b ->
          showOperand(b.left(), b.operator().precedence()) + " " + b.operator().symbol() + " "
              + showOperand(b.right(), b.operator().precedence() + 1);
    };
  }

  private static String showOperand(FilterExpression operand, int precedence) {
    String shown = show(operand);
    return operand instanceof Binary b && b.operator().precedence() < precedence
        ? "(" + shown + ")"
        : shown;
  }

  /** An integer literal: {@code 0x40}, {@code 1000000}, {@code -2} (the sign folded in). */
  record Number(long value, int column) implements FilterExpression {}

  /** A string literal, {@code "java"}, with its escapes undone. */
  record Text(String value, int column) implements FilterExpression {}

  /** A component of the probe's record: {@code ret}, {@code comm}, {@code latencyNanos}. */
  record Field(String name, int column) implements FilterExpression {}

  /** {@code !a}, {@code ~a}, {@code -a}. */
  record Unary(Operator operator, FilterExpression operand, int column)
      implements FilterExpression {}

  /**
   * {@code a op b}, which starts where {@code a} does; {@code operatorColumn} is where the
   * operator is, for an error about the operator itself.
   */
  record Binary(
      Operator operator, FilterExpression left, FilterExpression right, int operatorColumn)
      implements FilterExpression {
    @Override
    public int column() {
      return left.column();
    }
  }

  /** The operators, with C's spelling and precedence (higher binds tighter). */
  enum Operator {
    OR("||", 1),
    AND("&&", 2),
    BIT_OR("|", 3),
    BIT_XOR("^", 4),
    BIT_AND("&", 5),
    EQUAL("==", 6),
    NOT_EQUAL("!=", 6),
    LESS("<", 7),
    LESS_OR_EQUAL("<=", 7),
    GREATER(">", 7),
    GREATER_OR_EQUAL(">=", 7),
    SHIFT_LEFT("<<", 8),
    SHIFT_RIGHT(">>", 8),
    NOT("!", 9),
    COMPLEMENT("~", 9),
    NEGATE("-", 9);

    private final String symbol;
    private final int precedence;

    Operator(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    /** As C writes it, and the filter too. */
    public String symbol() {
      return symbol;
    }

    /** C's binding strength among binary operators; the unary ones bind tightest. */
    public int precedence() {
      return precedence;
    }

    /** {@code && ||}: booleans in, a boolean out. */
    public boolean isLogical() {
      return this == OR || this == AND;
    }

    /** {@code == != < <= > >=}: integers (or a string and a literal) in, a boolean out. */
    public boolean isComparison() {
      return precedence == 6 || precedence == 7;
    }

    /** {@code | ^ & << >>}: integers in, an integer out. */
    public boolean isBitwise() {
      return this == BIT_OR || this == BIT_XOR || this == BIT_AND || this == SHIFT_LEFT
          || this == SHIFT_RIGHT;
    }
  }
}
