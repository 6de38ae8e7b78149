package io.ebpf4j.processor.filter;

import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.base.Suggestions;
import io.ebpf4j.processor.filter.FilterExpression.Binary;
import io.ebpf4j.processor.filter.FilterExpression.Field;
import io.ebpf4j.processor.filter.FilterExpression.Number;
import io.ebpf4j.processor.filter.FilterExpression.Operator;
import io.ebpf4j.processor.filter.FilterExpression.Text;
import io.ebpf4j.processor.filter.FilterExpression.Unary;
import io.ebpf4j.processor.model.EventType;
import io.ebpf4j.processor.model.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Types a parsed {@code filter} against the probe's record: every name a component, integers
 * where integers go, a condition at the top, strings only compared with {@code ==} or {@code !=}
 * to a literal that fits in the event. Stricter than C on purpose: {@code flags & 0x40 != 0} is
 * {@code flags & 1} in C, and here an error that says to add the parentheses.
 */
public final class FilterChecker {

  private enum Type {
    INTEGER("an integer"),
    CONDITION("a condition"),
    STRING("a String"),
    LITERAL("a string literal");

    private final String description;

    Type(String description) {
      this.description = description;
    }
  }

  private final Map<String, FilterField> record;
  private final Map<String, FilterField> used = new LinkedHashMap<>();
  private final Map<String, Integer> stringBytes = new LinkedHashMap<>();

  private FilterChecker(Map<String, FilterField> record) {
    this.record = record;
  }

  /**
   * The checked filter of {@code source} on {@code event}, whose strings hold {@code stringSize}
   * bytes; or the first error in it.
   */
  public static ProbeFilter check(String source, EventType event, int stringSize)
      throws FilterException {
    Map<String, FilterField> record = new LinkedHashMap<>();
    for (RecordComponent component : RecordComponent.byName(event).values()) {
      record.put(component.javaName(), FilterField.of(component, stringSize));
    }
    FilterExpression expression = FilterParser.parse(source);
    FilterChecker checker = new FilterChecker(record);
    Type type = checker.type(expression);
    if (type != Type.CONDITION) {
      throw new FilterException(
          Messages.filterNotACondition(type.description), expression.column(),
          Messages.filterConditionAdvice());
    }
    return new ProbeFilter(
        source, expression, new ArrayList<>(checker.used.values()), checker.stringBytes);
  }

  private Type type(FilterExpression expression) throws FilterException {
    return switch (expression) {
      case Number n -> Type.INTEGER;
      case Text t -> Type.LITERAL;
      case Field f -> field(f);
      case Unary u -> unary(u);
      case Binary b -> binary(b);
    };
  }

  private Type field(Field f) throws FilterException {
    FilterField field = record.get(f.name());
    if (field == null) {
      throw new FilterException(
          Messages.filterUnknownField(f.name()), f.column(),
          Messages.filterFieldAdvice(
              Suggestions.closest(f.name(), record.keySet()), List.copyOf(record.keySet())));
    }
    used.putIfAbsent(field.name(), field);
    return switch (field.kind()) {
      case INTEGER -> Type.INTEGER;
      case STRING -> Type.STRING;
      case ARRAY ->
          throw new FilterException(Messages.filterArrayField(f.name()), f.column(), "");
    };
  }

  private Type unary(Unary u) throws FilterException {
    Type operand = type(u.operand());
    if (u.operator() == Operator.NOT) {
      expect(Type.CONDITION, operand, u.operand(), u.operator(),
          Messages.filterNotAdvice());
      return Type.CONDITION;
    }
    expect(Type.INTEGER, operand, u.operand(), u.operator(), "");
    return Type.INTEGER;
  }

  private Type binary(Binary b) throws FilterException {
    Type left = type(b.left());
    Type right = type(b.right());
    Operator operator = b.operator();
    if (operator.isLogical()) {
      String advice = Messages.filterLogicalAdvice();
      expect(Type.CONDITION, left, b.left(), operator, advice);
      expect(Type.CONDITION, right, b.right(), operator, advice);
      return Type.CONDITION;
    }
    if (operator.isComparison()) {
      if (isText(left) || isText(right)) {
        return stringComparison(b, left, right);
      }
      String advice = Messages.filterComparisonAdvice();
      expect(Type.INTEGER, left, b.left(), operator, advice);
      expect(Type.INTEGER, right, b.right(), operator, advice);
      return Type.CONDITION;
    }
    // Bitwise and shifts. A condition here is most often C's precedence biting.
    String advice = Messages.filterBitwiseAdvice();
    expect(Type.INTEGER, left, b.left(), operator, advice);
    expect(Type.INTEGER, right, b.right(), operator, advice);
    if ((operator == Operator.SHIFT_LEFT || operator == Operator.SHIFT_RIGHT)
        && b.right() instanceof Number n && (n.value() < 0 || n.value() > 63)) {
      throw new FilterException(
          Messages.filterShift(n.value()), n.column(), Messages.filterShiftAdvice());
    }
    return Type.INTEGER;
  }

  private static boolean isText(Type type) {
    return type == Type.STRING || type == Type.LITERAL;
  }

  /** {@code comm == "java"} or {@code "java" != comm}, and nothing else with a string. */
  private Type stringComparison(Binary b, Type left, Type right) throws FilterException {
    if (b.operator() != Operator.EQUAL && b.operator() != Operator.NOT_EQUAL) {
      throw new FilterException(
          Messages.filterStringOperator(b.operator().symbol()), b.operatorColumn(),
          Messages.filterStringAdvice());
    }
    boolean fieldLeft = left == Type.STRING;
    Field field = (Field) (fieldLeft ? b.left() : right == Type.STRING ? b.right() : null);
    FilterExpression other = fieldLeft ? b.right() : b.left();
    if (field == null || !(other instanceof Text text)) {
      // Two literals, two fields, or a string and an integer or a condition: blame the side
      // that is not what the other wants.
      FilterExpression blamed =
          field != null ? other
              : left == Type.LITERAL && right == Type.LITERAL ? b.right()
              : left == Type.LITERAL ? b.right() : b.left();
      throw new FilterException(
          Messages.filterStringOperand(
              "`" + FilterExpression.show(b.left()) + "`", left.description,
              "`" + FilterExpression.show(b.right()) + "`", right.description),
          blamed.column(), Messages.filterStringAdvice());
    }
    if (text.value().indexOf('\0') >= 0) {
      throw new FilterException(Messages.filterStringNul(), text.column(), "");
    }
    byte[] bytes = text.value().getBytes(StandardCharsets.UTF_8);
    FilterField resolved = record.get(field.name());
    int longest = resolved.capacity() - 1;
    if (bytes.length > longest) {
      boolean sized = resolved.member() != null && resolved.type().length() == 0;
      throw new FilterException(
          Messages.filterStringTooLong(field.name(), longest, bytes.length), text.column(),
          sized ? Messages.filterStringSizeAdvice(bytes.length + 1) : "");
    }
    // One byte past the literal tells "java" from "javac"; a string the event cuts at its
    // capacity is compared as the event holds it.
    int needed = Math.min(bytes.length + 2, resolved.capacity());
    stringBytes.merge(field.name(), needed, Math::max);
    return Type.CONDITION;
  }

  private static void expect(
      Type wanted, Type actual, FilterExpression operand, Operator operator, String advice)
      throws FilterException {
    if (actual != wanted) {
      throw new FilterException(
          Messages.filterOperand(operator.symbol(), wanted.description,
              "`" + FilterExpression.show(operand) + "`", actual.description),
          operand.column(), advice);
    }
  }
}
