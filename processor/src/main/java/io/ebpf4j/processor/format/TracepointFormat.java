package io.ebpf4j.processor.format;

import java.util.List;

/**
 * A parsed {@code events/<category>/<event>/format} file.
 *
 * @param category the tracepoint's category: {@code syscalls}
 * @param event the tracepoint's name: {@code sys_enter_bind}
 * @param location where the text came from, for messages: a path, or the snapshot entry
 * @param fields every field, in file order, including the common ones
 */
public record TracepointFormat(String category, String event, String location, List<FormatField> fields) {

  static final String SYSCALL_NUMBER_FIELD = "__syscall_nr";
  public static final String COMMON_FIELD_PREFIX = "common_";

  public TracepointFormat {
    fields = List.copyOf(fields);
  }

  /**
   * The system call's own arguments: every field but the common header and the syscall number.
   * They are told apart by name, as the kernel names them in {@code kernel/trace/trace_syscalls.c};
   * offsets differ between kernels and architectures.
   */
  public List<FormatField> syscallArguments() {
    return fields.stream()
        .filter(f -> !f.name().startsWith(COMMON_FIELD_PREFIX))
        .filter(f -> !f.name().equals(SYSCALL_NUMBER_FIELD))
        .toList();
  }

  /** Where the record's bytes end: the end of the field that ends last. */
  public int recordEnd() {
    return fields.stream().mapToInt(f -> f.offset() + f.size()).max().orElse(0);
  }

  /** {@code syscalls/sys_enter_bind/format}. */
  public String relativePath() {
    return category + "/" + event + "/format";
  }
}
