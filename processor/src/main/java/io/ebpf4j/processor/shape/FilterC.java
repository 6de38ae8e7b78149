package io.ebpf4j.processor.shape;

import io.ebpf4j.processor.filter.FilterExpression;
import io.ebpf4j.processor.filter.FilterExpression.Binary;
import io.ebpf4j.processor.filter.FilterExpression.Field;
import io.ebpf4j.processor.filter.FilterExpression.Number;
import io.ebpf4j.processor.filter.FilterExpression.Operator;
import io.ebpf4j.processor.filter.FilterExpression.Text;
import io.ebpf4j.processor.filter.FilterExpression.Unary;
import io.ebpf4j.processor.filter.FilterField;
import io.ebpf4j.processor.filter.ProbeFilter;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.CWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The C of a probe's {@link ProbeFilter}: one fragment that returns from the probe's function
 * when the event does not match, written where the event's values are known and before anything
 * is reserved for it (ring-buffer space, a calls-map entry, an aggregation's slot). Integers are
 * compared as {@code s64}, each field first cut to its own C type, so an unsigned field is never
 * negative; strings are compared byte by byte, unrolled, so the verifier sees no loop.
 *
 * <p>A string the filter must read (from user memory, a tracepoint's record, the current comm)
 * is read into a per-CPU slot of the probe's own, not onto the stack: a long literal would not
 * fit the 512-byte stack, and on this project's 6.18 kernel the verifier rejected (E2BIG) the
 * program of 16 or more compared bytes of a stack buffer, while the same compares of map memory
 * load (FilterKernelTest's exact filename; a 254-byte literal loads too).
 */
public final class FilterC {

  /** The local that points at the probe's slot of strings. */
  private static final String STRINGS = CNames.GENERATED_PREFIX + "filter_strings";

  private static final String ZERO = CNames.GENERATED_PREFIX + "filter_zero";

  private FilterC() {}

  /**
   * The struct and per-CPU map of the strings {@code probe}'s filter reads, if it reads any;
   * written before the probe's functions. Nothing for a probe without a filter.
   */
  public static void declarations(CWriter c, ProbeMethod probe) {
    List<FilterField> read = readStrings(probe, probe.shape().filterValues());
    if (read.isEmpty()) {
      return;
    }
    ProbeFilter filter = probe.filter().orElseThrow();
    c.blank();
    c.line("/* The strings the filter of $C reads. */", probe.description());
    c.open("struct $I {", probe.filterStringsStruct());
    for (FilterField field : read) {
      c.line("char $I[$L];", field.cName(), filter.stringBytes().get(field.name()));
    }
    c.close("};");
    c.line("BPF_PERCPU_ARRAY($I, struct $I, 1);", probe.filterStringsMap(),
        probe.filterStringsStruct());
  }

  /**
   * The string fields the filter compares that {@code values} cannot compare where they are: the
   * LIVE values read them all; a {@code withEntry} probe's stashed entry already holds them.
   */
  private static List<FilterField> readStrings(ProbeMethod probe, FilterValues values) {
    if (probe.filter().isEmpty()) {
      return List.of();
    }
    ProbeFilter filter = probe.filter().get();
    return filter.fields().stream()
        .filter(f -> filter.stringBytes().containsKey(f.name()) && values.array(f).isEmpty())
        .toList();
  }

  /**
   * Returns 0 unless the event of {@code probe} matches its filter, reading the values from
   * {@code values}; {@code release}, if not null, is a calls map whose entry of {@code pid_tgid}
   * is deleted first. Writes nothing for a probe without a filter.
   */
  public static void predicate(CWriter c, ProbeMethod probe, FilterValues values, String release) {
    if (probe.filter().isEmpty()) {
      return;
    }
    ProbeFilter filter = probe.filter().get();
    c.line("/* filter: $C */", filter.source());
    Map<String, String> arrays = new LinkedHashMap<>();
    List<FilterField> read = readStrings(probe, values);
    if (!read.isEmpty()) {
      c.line("u32 $I = 0;", ZERO);
      c.line("struct $I *$I = $I.lookup(&$I);", probe.filterStringsStruct(), STRINGS,
          probe.filterStringsMap(), ZERO);
      c.open("if (!$I) {", STRINGS);
      leave(c, release);
      c.close("}");
    }
    for (FilterField field : filter.fields()) {
      if (!filter.stringBytes().containsKey(field.name())) {
        continue; // an integer, or a string the filter does not compare
      }
      Optional<String> array = values.array(field);
      if (array.isPresent()) {
        arrays.put(field.name(), array.get());
      } else {
        String slot = STRINGS + "->" + FilterValues.identifier(field.cName());
        // The read is C of FilterValues', around checked identifiers.
        c.line(values.read(field, slot) + ";");
        arrays.put(field.name(), slot);
      }
    }
    String condition = condition(filter.expression(), filter, values, arrays);
    // The condition is C this class writes, from checked identifiers and its own numbers.
    c.open("if (!" + condition + ") {");
    leave(c, release);
    c.close("}");
  }

  /** Returns, deleting the entry of {@code pid_tgid} from {@code release} first if not null. */
  private static void leave(CWriter c, String release) {
    if (release != null) {
      c.line("$I.delete(&pid_tgid);", release);
    }
    c.line("return 0;");
  }

  /** The C of {@code expression}, fully parenthesized. */
  public static String condition(
      FilterExpression expression, ProbeFilter filter, FilterValues values,
      Map<String, String> arrays) {
    return switch (expression) {
      case Number n -> literal(n.value());
      case Text t -> throw new IllegalStateException("a literal outside a comparison: " + t);
      case Field f -> "((s64) " + values.integer(filter.field(f.name())) + ")";
      case Unary u ->
          "(" + u.operator().symbol() + condition(u.operand(), filter, values, arrays) + ")";
      case Binary b -> binary(b, filter, values, arrays);
    };
  }

  private static String binary(
      Binary b, ProbeFilter filter, FilterValues values, Map<String, String> arrays) {
    if (b.left() instanceof Text || b.right() instanceof Text) {
      Field field = (Field) (b.left() instanceof Field ? b.left() : b.right());
      Text text = (Text) (b.left() instanceof Text ? b.left() : b.right());
      String equal = stringEquals(arrays.get(field.name()), text.value());
      return b.operator() == Operator.EQUAL ? equal : "(!" + equal + ")";
    }
    String left = condition(b.left(), filter, values, arrays);
    String right = condition(b.right(), filter, values, arrays);
    return switch (b.operator()) {
      // Shifted as u64: shifting a negative s64 left is undefined in C. A shift by a variable
      // is masked to 0-63, as the BPF instruction does.
      case SHIFT_LEFT -> "((s64) ((u64) " + left + " << " + shiftAmount(b.right(), right) + "))";
      case SHIFT_RIGHT -> "(" + left + " >> " + shiftAmount(b.right(), right) + ")";
      default -> "(" + left + " " + b.operator().symbol() + " " + right + ")";
    };
  }

  private static String shiftAmount(FilterExpression amount, String c) {
    return amount instanceof Number ? c : "(" + c + " & 63)";
  }

  /**
   * {@code array} holds {@code literal}, with the NUL after it: each byte compared with an
   * integer, so no escaping is needed and the verifier sees straight-line code.
   */
  public static String stringEquals(String array, String literal) {
    byte[] bytes = literal.getBytes(StandardCharsets.UTF_8);
    StringBuilder c = new StringBuilder("(");
    for (int i = 0; i <= bytes.length; i++) {
      if (i > 0) {
        c.append(" && ");
      }
      int value = i < bytes.length ? bytes[i] & 0xff : 0;
      c.append("(u8) ").append(array).append('[').append(i).append("] == ").append(value);
    }
    return c.append(')').toString();
  }

  /** A 64-bit signed C literal of {@code value}. */
  public static String literal(long value) {
    if (value == Long.MIN_VALUE) {
      return "(-9223372036854775807LL - 1)";
    }
    return value < 0 ? "(" + value + "LL)" : value + "LL";
  }
}
