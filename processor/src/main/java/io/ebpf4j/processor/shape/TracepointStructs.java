package io.ebpf4j.processor.shape;

import io.ebpf4j.processor.format.FormatField;
import io.ebpf4j.processor.format.TracepointFormat;
import io.ebpf4j.processor.model.CNames;
import io.ebpf4j.processor.model.CWriter;
import io.ebpf4j.processor.model.EventMember.From;
import io.ebpf4j.processor.model.EventMember;
import java.util.ArrayList;
import java.util.List;

/**
 * The C structs over tracepoint records: each field the probe reads at the format's offset, with
 * padding where it reads nothing, and an assert per field.
 */
public final class TracepointStructs {

  private static final String COMMON_PADDING = CNames.GENERATED_PREFIX + "common";
  private static final String GAP_PADDING = CNames.GENERATED_PREFIX + "pad_";

  private TracepointStructs() {}

  /**
   * A member of a tracepoint struct: where the field is and how the C declares it.
   *
   * @param bytes for an array of {@code u8}, its length; -1 for a scalar
   */
  record RecordMember(String cName, FormatField field, String cType, int bytes) {}

  /** The syscall arguments of an entry, as 8-byte slots of {@code sys_enter_<name>}. */
  static List<RecordMember> slotMembers(ProbeMethod probe) {
    List<FormatField> fields = probe.event().entryFormat().orElseThrow().syscallArguments();
    List<RecordMember> slots = new ArrayList<>();
    for (EventMember member : ProbeFunctions.arguments(probe)) {
      FormatField field = fields.get(member.source().index());
      // As signed: is 0 for every syscall argument, the sign comes from the declared type.
      boolean unsigned = member.source().from() == From.USER_STRING || member.type().unsigned();
      slots.add(new RecordMember(member.cName(), field,
          (unsigned ? "u" : "s") + field.size() * 8, -1));
    }
    return slots;
  }

  /** The struct over {@code sys_enter_<name>}'s slots, named {@link ProbeMethod#tracepointStruct}. */
  static List<String> writeSlots(CWriter c, ProbeMethod probe) {
    List<RecordMember> slots = slotMembers(probe);
    write(c, probe.tracepointStruct(), probe.event().entryFormat().orElseThrow(), slots);
    return slots.stream().map(RecordMember::cName).toList();
  }

  /** The struct over {@code sys_exit_<name>}, which reads only its {@code long ret}. */
  static void writeExit(CWriter c, ProbeMethod probe) {
    TracepointFormat exit = probe.event().exitFormat().orElseThrow();
    FormatField ret =
        exit.fields().stream()
            .filter(f -> f.name().equals(EventTypeFactory.RETURN_VALUE))
            .findFirst()
            .orElseThrow();
    write(
        c, probe.exitTracepointStruct(), exit,
        List.of(new RecordMember(EventTypeFactory.RETURN_VALUE, ret, "s64", -1)));
  }

  /**
   * The tracepoint's record as the format lays it out, with padding where it reads nothing.
   * Members are sized by the format, and sorted by offset.
   */
  static void write(
      CWriter c, String struct, TracepointFormat format, List<RecordMember> members) {
    c.line("/* $C */", format.relativePath());
    c.open("struct $I {", struct);
    int first = members.isEmpty() ? Math.max(1, format.recordEnd()) : members.get(0).field().offset();
    int cursor = 0;
    if (first > 0) {
      c.line("u8 $I[$L];", COMMON_PADDING, first);
      cursor = first;
    }
    int gaps = 0;
    for (RecordMember member : members) {
      FormatField field = member.field();
      if (field.offset() > cursor) {
        c.line("u8 $I[$L];", GAP_PADDING + gaps++, field.offset() - cursor);
      }
      if (member.bytes() >= 0) {
        c.line("$I $I[$L];", member.cType(), member.cName(), member.bytes());
      } else {
        c.line("$I $I;", member.cType(), member.cName());
      }
      cursor = field.offset() + field.size();
    }
    c.close("};");
    for (RecordMember member : members) {
      CFragments.assertOffset(
          c, struct, member.cName(), member.field().offset(),
          format.event() + " format: " + member.cName());
    }
  }
}
