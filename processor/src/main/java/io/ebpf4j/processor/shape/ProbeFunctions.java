package io.ebpf4j.processor.shape;

import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventMember.From;
import io.ebpf4j.processor.model.EventMember;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The C functions several shapes share: the emit function fed 64-bit values, and the entry points
 * that call it from registers, from a syscall tracepoint's slots or from a return value.
 */
public final class ProbeFunctions {

  /** The user's registers, from a kprobe on a syscall function; defined by the preamble. */
  public static final String REGS_MACRO = "EBPF4J_SYSCALL_REGS";

  /** Where a syscall's fourth argument is, in those registers; defined by the preamble. */
  public static final String PARM4_MACRO = "EBPF4J_SYSCALL_PARM4";

  /**
   * Where the kprobe reads argument i, from the user's registers. On x86-64 the fourth syscall
   * argument travels in r10, not in rcx as for a function call: bcc's PT_REGS_PARM4_SYSCALL.
   */
  private static final List<String> SYSCALL_REGISTERS =
      List.of(
          "PT_REGS_PARM1", "PT_REGS_PARM2", "PT_REGS_PARM3", PARM4_MACRO, "PT_REGS_PARM5",
          "PT_REGS_PARM6");

  /** Where a function call's argument i is, in the C calling convention. */
  private static final List<String> CALL_REGISTERS =
      List.of(
          "PT_REGS_PARM1", "PT_REGS_PARM2", "PT_REGS_PARM3", "PT_REGS_PARM4", "PT_REGS_PARM5",
          "PT_REGS_PARM6");

  private ProbeFunctions() {}

  /** The members read from the entry point's values: the arguments, in order. */
  static List<EventMember> arguments(ProbeMethod probe) {
    return probe.event().members().stream()
        .filter(m -> m.source().from() == From.VALUE || m.source().from() == From.USER_STRING)
        .toList();
  }

  /**
   * The emit function: reserves the event, fills its header and its members from its parameters
   * ({@code arg0...}, then {@code ret}), and submits it.
   */
  static void emit(CWriter c, ProbeMethod probe) {
    List<String> parameters = new ArrayList<>(argumentNames(arguments(probe).size()));
    if (probe.event().members().stream().anyMatch(m -> m.source().from() == From.RETURN_VALUE)) {
      parameters.add(EventTypeFactory.RETURN_VALUE);
    }
    openFunction(c, "static __always_inline int $I", probe.emitFunction(), parameters,
        probe.hasStacks());
    CFragments.reserveWithHeader(c, probe);
    for (EventMember member : probe.event().members()) {
      fillFromValue(c, "event", member);
    }
    CFragments.submit(c, probe);
    c.line("return 0;");
    c.close("}");
  }

  /** {@code static int f(u64 arg0, u64 arg1) {}}, or {@code (void)}. */
  static void openFunction(CWriter c, String prefix, String function, List<String> parameters) {
    openFunction(c, prefix, function, parameters, false);
  }

  /**
   * {@link #openFunction}, whose first parameter is the program's context, {@code void *ctx}, if
   * {@code context}: what {@code bpf_get_stackid} walks from.
   */
  static void openFunction(
      CWriter c, String prefix, String function, List<String> parameters, boolean context) {
    List<Object> values = new ArrayList<>(List.of(function));
    values.addAll(parameters);
    List<String> declarations = new ArrayList<>();
    if (context) {
      declarations.add("void *" + CONTEXT);
    }
    declarations.addAll(repeat("u64 $I", parameters.size()));
    c.open(
        prefix + "(" + (declarations.isEmpty() ? "void" : String.join(", ", declarations))
            + ") {",
        values.toArray());
  }

  /** The context parameter of an emit or complete function that takes stacks. */
  static final String CONTEXT = "ctx";

  /** Sets {@code target->member} from the emit function's parameter it comes from. */
  static void fillFromValue(CWriter c, String target, EventMember member) {
    switch (member.source().from()) {
      case VALUE ->
          c.line("$I->$I = ($I) $I;", target, member.cName(), member.type().cType(),
              "arg" + member.source().index());
      case USER_STRING ->
          c.line(
              "bpf_probe_read_user_str($I->$I, sizeof($I->$I), (const void *) $I);",
              target, member.cName(), target, member.cName(), "arg" + member.source().index());
      case RETURN_VALUE ->
          c.line("$I->$I = ($I) $I;", target, member.cName(), member.type().cType(),
              EventTypeFactory.RETURN_VALUE);
      default -> throw new IllegalStateException(member.toString());
    }
  }

  /** A kprobe on a system call: reads {@code count} arguments from the user's registers. */
  static void syscallKprobe(CWriter c, String function, String callee, int count) {
    syscallKprobe(c, function, callee, count, false);
  }

  /** {@link #syscallKprobe}, passing its context first if {@code context}. */
  static void syscallKprobe(
      CWriter c, String function, String callee, int count, boolean context) {
    List<String> names = argumentNames(count);
    c.open("int $I(struct pt_regs *ctx) {", function);
    if (count > 0) {
      c.line("struct pt_regs *regs = $I(ctx);", REGS_MACRO);
      c.line("u64 " + String.join(", ", repeat("$I = 0", count)) + ";", names.toArray());
      for (int i = 0; i < count; i++) {
        c.line(
            "bpf_probe_read_kernel(&$I, sizeof($I), &$I(regs));",
            names.get(i), names.get(i), SYSCALL_REGISTERS.get(i));
      }
    }
    call(c, callee, "$I", names, context ? "ctx" : null);
    c.close("}");
  }

  /** A kprobe or uprobe on a function: passes its first {@code count} argument registers. */
  static void functionProbe(CWriter c, String function, String callee, int count) {
    functionProbe(c, function, callee, count, false);
  }

  /** {@link #functionProbe}, passing its context first if {@code context}. */
  static void functionProbe(
      CWriter c, String function, String callee, int count, boolean context) {
    c.open("int $I(struct pt_regs *ctx) {", function);
    call(c, callee, "$I(ctx)", CALL_REGISTERS.subList(0, count), context ? "ctx" : null);
    c.close("}");
  }

  /** A {@code sys_enter_} tracepoint program: passes the slots of its record. */
  static void slotTracepoint(
      CWriter c, String function, String struct, String callee, List<String> slots) {
    slotTracepoint(c, function, struct, callee, slots, false);
  }

  /** {@link #slotTracepoint}, passing its context first if {@code context}. */
  static void slotTracepoint(
      CWriter c, String function, String struct, String callee, List<String> slots,
      boolean context) {
    c.open("int $I(struct $I *args) {", function, struct);
    call(c, callee, "args->$I", slots, context ? "args" : null);
    c.close("}");
  }

  /** A kretprobe or uretprobe: passes the return value. */
  static void returnProbe(CWriter c, String function, String callee) {
    returnProbe(c, function, callee, false);
  }

  /** {@link #returnProbe}, passing its context first if {@code context}. */
  static void returnProbe(CWriter c, String function, String callee, boolean context) {
    c.open("int $I(struct pt_regs *ctx) {", function);
    c.line(context ? "return $I(ctx, PT_REGS_RC(ctx));" : "return $I(PT_REGS_RC(ctx));", callee);
    c.close("}");
  }

  /** A {@code sys_exit_} tracepoint program: passes the return value of its record. */
  static void exitTracepoint(CWriter c, ProbeMethod probe, String callee) {
    exitTracepoint(c, probe, callee, false);
  }

  /** {@link #exitTracepoint}, passing its context first if {@code context}. */
  static void exitTracepoint(CWriter c, ProbeMethod probe, String callee, boolean context) {
    c.open("int $I(struct $I *args) {", probe.exitTracepointFunction(),
        probe.exitTracepointStruct());
    c.line(context ? "return $I(args, args->$I);" : "return $I(args->$I);", callee,
        EventTypeFactory.RETURN_VALUE);
    c.close("}");
  }

  /** {@code return f(a, b);}, each argument written by {@code argumentTemplate}. */
  private static void call(CWriter c, String function, String argumentTemplate, List<String> args) {
    call(c, function, argumentTemplate, args, null);
  }

  /**
   * {@code return f(ctx, a, b);}: {@link #call} with the entry point's context first, the name
   * its signature gives it ({@code ctx} or {@code args}), unless {@code context} is null.
   */
  private static void call(
      CWriter c, String function, String argumentTemplate, List<String> args, String context) {
    List<Object> values = new ArrayList<>(List.of(function));
    List<String> templates = new ArrayList<>();
    if (context != null) {
      templates.add("$I");
      values.add(context);
    }
    templates.addAll(repeat(argumentTemplate, args.size()));
    values.addAll(args);
    c.line("return $I(" + String.join(", ", templates) + ");", values.toArray());
  }

  static List<String> argumentNames(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("arg" + i);
    }
    return names;
  }

  private static List<String> repeat(String template, int count) {
    return Collections.nCopies(count, template);
  }
}
