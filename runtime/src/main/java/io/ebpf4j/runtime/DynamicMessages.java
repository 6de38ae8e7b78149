package io.ebpf4j.runtime;

import io.ebpf4j.processor.base.Messages;
import java.util.Collection;
import java.util.Optional;

/** The messages of probes named at run time, in one place; the tests refer to them. */
final class DynamicMessages {
  private DynamicMessages() {}

  static String unknownSyscall(Probe probe, Optional<String> suggestion) {
    return Messages.unknownSyscall(probe.toString(), probe.target(), suggestion)
        + (suggestion.isPresent() ? "" : "; the system calls are the sys_enter_* under "
            + "events/syscalls of tracefs");
  }

  static String unknownTracepoint(Probe probe, Optional<String> suggestion) {
    return probe
        + ": this kernel has no tracepoint `"
        + probe.target()
        + "` (no events/"
        + probe.target().replace(':', '/')
        + "/format)"
        + suggestion.map(s -> "; did you mean `" + s + "`?")
            .orElse("; the tracepoints are the directories under events/ of tracefs");
  }

  /** A format the processor would refuse too, with the processor's reason. */
  static String unusableFormat(Probe probe, String reason) {
    return probe + ": " + reason;
  }

  static String unknownField(
      Probe probe, String name, Optional<String> suggestion, Collection<String> fields) {
    return probe
        + " has no field `"
        + name
        + "`"
        + suggestion.map(s -> "; did you mean `" + s + "`?").orElse("")
        + (fields.isEmpty()
            ? " (it has none)"
            : " (its fields: " + String.join(", ", fields) + ")");
  }

  static String wrongType(Probe probe, EventField field, String getter, String meant) {
    return "`"
        + field.name()
        + "` of "
        + probe
        + " is "
        + field.javaType().getSimpleName()
        + " ("
        + field
        + "), which "
        + getter
        + " cannot return; did you mean "
        + meant
        + "(\""
        + field.name()
        + "\")?";
  }
}
