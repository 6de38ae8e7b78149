package io.ebpf4j.runtime;

import io.ebpf4j.api.internal.SdtArgument;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The C that reads one USDT argument at its location, from the operand of its SDT note, on
 * x86-64: a register ({@code %eax}, the low 32 bits of {@code pt_regs.ax}), a constant ({@code
 * $-1}) or memory at a register plus an offset ({@code -64(%rbp)}, {@code 8(%rax,%rbx,4)}), read
 * from the traced process. The value is cut to the note's size and widened to 64 bits by its sign,
 * as the emit function takes it. Written here, from the note, rather than by bcc's USDT
 * generator: bcc tells a shared library's locations apart by their address in one process, which
 * it knows only with a pid, so it cannot read a multi-location probe of {@code libjvm.so} in every
 * process; one entry point per location needs no such switch.
 */
final class SdtArgumentC {

  /** Every x86-64 register name of the assembler, to its {@code struct pt_regs} member. */
  private static final Map<String, String> REGISTERS = registers();

  private static final Pattern REGISTER = Pattern.compile("%([a-z0-9]+)");
  private static final Pattern CONSTANT = Pattern.compile("\\$(-?(?:0x[0-9a-fA-F]+|[0-9]+))");
  private static final Pattern MEMORY =
      Pattern.compile("(-?(?:0x[0-9a-fA-F]+|[0-9]+))?\\(%([a-z0-9]+)(?:,%([a-z0-9]+)(?:,([1248]))?)?\\)");

  private SdtArgumentC() {}

  /**
   * Statements that set the {@code u64} named {@code target} to {@code argument}, from {@code
   * ctx}, a {@code struct pt_regs *}.
   *
   * @throws Ebpf4jException naming the operand if it is not one of the forms above (a {@code
   *     %rip}-relative global, say)
   */
  static String read(SdtArgument argument, String target, String where) {
    String type = (argument.signed() ? "s" : "u") + argument.size() * 8;
    String widen = argument.signed() ? "(u64) (s64) " : "(u64) ";
    String operand = argument.operand();
    Matcher m = REGISTER.matcher(operand);
    if (m.matches()) {
      return target + " = " + widen + "(" + type + ") ctx->" + register(m.group(1), operand, where)
          + ";";
    }
    m = CONSTANT.matcher(operand);
    if (m.matches()) {
      return target + " = " + widen + "(" + type + ") " + m.group(1) + "LL;";
    }
    m = MEMORY.matcher(operand);
    if (m.matches()) {
      String address = "ctx->" + register(m.group(2), operand, where);
      if (m.group(3) != null) {
        address += " + ctx->" + register(m.group(3), operand, where)
            + " * " + (m.group(4) == null ? "1" : m.group(4));
      }
      if (m.group(1) != null) {
        address += " + (" + m.group(1) + "LL)";
      }
      return "{ " + type + " v = 0; bpf_probe_read_user(&v, sizeof(v), (const void *) ("
          + address + ")); " + target + " = " + widen + "v; }";
    }
    throw unsupported(operand, where);
  }

  private static String register(String name, String operand, String where) {
    String member = REGISTERS.get(name);
    if (member == null) {
      throw unsupported(operand, where);
    }
    return member;
  }

  private static Ebpf4jException unsupported(String operand, String where) {
    return new Ebpf4jException(
        "cannot read the USDT argument `" + operand + "` of " + where
            + ": ebpf4j reads x86-64 registers, constants and register-relative memory, not"
            + " this operand; trace another probe, or read the argument with a @Uprobe");
  }

  private static Map<String, String> registers() {
    Map<String, String> names = new java.util.HashMap<>();
    for (String r : new String[] {"a", "b", "c", "d"}) {
      String member = r + "x";
      for (String n : new String[] {r + "l", r + "h", r + "x", "e" + r + "x", "r" + r + "x"}) {
        names.put(n, member);
      }
    }
    for (String r : new String[] {"si", "di", "bp", "sp"}) {
      for (String n : new String[] {r + "l", r, "e" + r, "r" + r}) {
        names.put(n, r);
      }
    }
    for (int i = 8; i <= 15; i++) {
      for (String suffix : new String[] {"", "d", "w", "b"}) {
        names.put("r" + i + suffix, "r" + i);
      }
    }
    // %ah and friends are bits 8-15: not the low byte the cast takes.
    names.remove("ah");
    names.remove("bh");
    names.remove("ch");
    names.remove("dh");
    return Map.copyOf(names);
  }
}
