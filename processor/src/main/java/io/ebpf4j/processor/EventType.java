package io.ebpf4j.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;

/**
 * The event of one system call in one package: the generated record, and how its arguments are
 * laid out in the event and in the tracepoint.
 *
 * @param name the record
 * @param syscall {@code bind}
 * @param format the {@code syscalls/sys_enter_<syscall>} format the arguments come from
 * @param arguments the arguments, in the format's order
 * @param size the event's size in bytes
 */
record EventType(
    ClassName name,
    String syscall,
    TracepointFormat format,
    List<EventArgument> arguments,
    int size) {

  EventType {
    arguments = List.copyOf(arguments);
  }

  /** {@code syscalls:sys_enter_bind}, as the runtime attaches it. */
  String tracepoint() {
    return format.category() + ":" + format.event();
  }
}
