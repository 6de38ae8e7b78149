package io.ebpf4j.processor.filter;

import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.filter.FilterExpression.Binary;
import io.ebpf4j.processor.filter.FilterExpression.Field;
import io.ebpf4j.processor.filter.FilterExpression.Number;
import io.ebpf4j.processor.filter.FilterExpression.Operator;
import io.ebpf4j.processor.filter.FilterExpression.Text;
import io.ebpf4j.processor.filter.FilterExpression.Unary;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a probe's {@code filter} into a {@link FilterExpression}, by recursive descent over C's
 * precedence levels, so that {@code a & b == c} means what it means in C (and the checker can
 * then say that {@code &} wants integers). Types are not looked at here.
 *
 * <pre>
 * expression = binary(1)
 * binary(p)  = unary { operator-of-precedence-p binary(p + 1) }    for p up to 8
 * unary      = ("!" | "~" | "-") unary | primary
 * primary    = number | string | field | "(" expression ")"
 * </pre>
 */
public final class FilterParser {

  /** The operators that are tokens of their own, longest first so that {@code <<} wins. */
  private static final List<String> SYMBOLS =
      List.of("||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "|", "^", "&", "<", ">", "!", "~",
          "-", "(", ")");

  private static final int LOWEST = 1;
  private static final int HIGHEST_BINARY = 8;

  private final List<Token> tokens;
  private int next;

  private FilterParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The tree of {@code source}, or the first syntax error in it. */
  public static FilterExpression parse(String source) throws FilterException {
    FilterParser parser = new FilterParser(tokenize(source));
    if (parser.peek().kind() == Kind.END) {
      throw new FilterException(Messages.filterEmpty(), 1, Messages.filterEmptyAdvice());
    }
    FilterExpression expression = parser.binary(LOWEST);
    Token trailing = parser.peek();
    if (trailing.kind() != Kind.END) {
      throw new FilterException(
          Messages.filterUnexpected(trailing.text()), trailing.column(),
          Messages.filterTrailingAdvice());
    }
    return expression;
  }

  private FilterExpression binary(int precedence) throws FilterException {
    if (precedence > HIGHEST_BINARY) {
      return unary();
    }
    FilterExpression left = binary(precedence + 1);
    while (true) {
      Token token = peek();
      Operator operator = binaryOperator(token);
      if (operator == null || operator.precedence() != precedence) {
        return left;
      }
      next++;
      FilterExpression right = binary(precedence + 1);
      left = new Binary(operator, left, right, token.column());
    }
  }

  private FilterExpression unary() throws FilterException {
    Token token = take();
    switch (token.kind()) {
      case SYMBOL -> {
        switch (token.text()) {
          case "!" -> {
            return new Unary(Operator.NOT, unary(), token.column());
          }
          case "~" -> {
            return new Unary(Operator.COMPLEMENT, unary(), token.column());
          }
          case "-" -> {
            // -9223372036854775808 is a literal; its digits alone are out of range.
            if (peek().kind() == Kind.NUMBER) {
              return number(take(), true, token.column());
            }
            return new Unary(Operator.NEGATE, unary(), token.column());
          }
          case "(" -> {
            FilterExpression inner = binary(LOWEST);
            Token close = take();
            if (!close.text().equals(")") || close.kind() != Kind.SYMBOL) {
              throw new FilterException(
                  Messages.filterExpected("`)`", describe(close)), close.column(),
                  Messages.filterParenthesisAdvice(token.column()));
            }
            return inner;
          }
          default -> {}
        }
      }
      case NUMBER -> {
        return number(token, false, token.column());
      }
      case STRING -> {
        return new Text(token.text(), token.column());
      }
      case NAME -> {
        return new Field(token.text(), token.column());
      }
      case END -> {}
    }
    throw new FilterException(
        Messages.filterExpected("a field, a number or `(`", describe(token)), token.column(), "");
  }

  /** A decimal literal up to {@link Long#MAX_VALUE} (one more if negative), or 64 bits of hex. */
  private Number number(Token token, boolean negative, int column) throws FilterException {
    String text = token.text();
    try {
      long value;
      if (text.startsWith("0x") || text.startsWith("0X")) {
        value = Long.parseUnsignedLong(text.substring(2), 16);
        if (negative) {
          value = -value;
        }
      } else {
        value = Long.parseLong(negative ? "-" + text : text);
      }
      return new Number(value, column);
    } catch (NumberFormatException e) {
      throw new FilterException(
          Messages.filterBadNumber(negative ? "-" + text : text), column,
          Messages.filterNumberAdvice());
    }
  }

  private static Operator binaryOperator(Token token) {
    if (token.kind() != Kind.SYMBOL) {
      return null;
    }
    for (Operator operator : Operator.values()) {
      if (operator.symbol().equals(token.text())
          && operator != Operator.NOT && operator != Operator.COMPLEMENT
          && operator != Operator.NEGATE) {
        return operator;
      }
    }
    return null;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token token = tokens.get(next);
    if (token.kind() != Kind.END) {
      next++;
    }
    return token;
  }

  private static String describe(Token token) {
    return token.kind() == Kind.END ? Messages.FILTER_END : "`" + token.text() + "`";
  }

  private enum Kind {
    NUMBER,
    STRING,
    NAME,
    SYMBOL,
    END
  }

  /** One token; a string's text is its value, escapes undone. */
  private record Token(Kind kind, String text, int column) {}

  private static List<Token> tokenize(String source) throws FilterException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      int column = i + 1;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (isDigit(c)) {
        int start = i;
        if (c == '0' && i + 1 < source.length()
            && (source.charAt(i + 1) == 'x' || source.charAt(i + 1) == 'X')) {
          i += 2;
        }
        while (i < source.length() && isNameChar(source.charAt(i))) {
          i++;
        }
        String text = source.substring(start, i);
        if (!text.matches("[0-9]+|0[xX][0-9a-fA-F]+")) {
          throw new FilterException(
              Messages.filterBadNumber(text), column, Messages.filterNumberAdvice());
        }
        tokens.add(new Token(Kind.NUMBER, text, column));
      } else if (isNameStart(c)) {
        int start = i;
        while (i < source.length() && isNameChar(source.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.NAME, source.substring(start, i), column));
      } else if (c == '"') {
        StringBuilder value = new StringBuilder();
        i++;
        while (true) {
          if (i >= source.length()) {
            throw new FilterException(
                Messages.filterUnterminatedString(), column, Messages.filterLiteralAdvice());
          }
          char s = source.charAt(i);
          if (s == '"') {
            i++;
            break;
          }
          if (s == '\\') {
            if (i + 1 >= source.length() || "\"\\".indexOf(source.charAt(i + 1)) < 0) {
              throw new FilterException(
                  Messages.filterBadEscape(), i + 1, Messages.filterLiteralAdvice());
            }
            s = source.charAt(i + 1);
            i++;
          }
          value.append(s);
          i++;
        }
        tokens.add(new Token(Kind.STRING, value.toString(), column));
      } else {
        String symbol = null;
        for (String candidate : SYMBOLS) {
          if (source.startsWith(candidate, i)) {
            symbol = candidate;
            break;
          }
        }
        if (symbol == null) {
          throw new FilterException(
              Messages.filterBadCharacter(c), column, Messages.filterBadCharacterAdvice(c));
        }
        tokens.add(new Token(Kind.SYMBOL, symbol, column));
        i += symbol.length();
      }
    }
    tokens.add(new Token(Kind.END, "", source.length() + 1));
    return tokens;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  }

  private static boolean isNameChar(char c) {
    return isNameStart(c) || isDigit(c);
  }
}
