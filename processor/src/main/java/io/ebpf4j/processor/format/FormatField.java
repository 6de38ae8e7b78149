package io.ebpf4j.processor.format;

/**
 * One {@code field:} line of a tracepoint format.
 *
 * @param declaration the C declaration as the kernel prints it: {@code const char * filename}
 * @param type the declared C type, without the name and array suffix: {@code const char *}
 * @param name the field's name
 * @param arrayLength -1 if the field is not an array, 0 for {@code []}, else the length
 * @param offset the byte offset in the tracepoint's record
 * @param size the byte size in the record (8 for every syscall argument, whatever its type)
 * @param signed the format's {@code signed:} flag (0 for every syscall argument)
 * @param line the line of the format file, from 1
 */
public record FormatField(
    String declaration,
    String type,
    String name,
    int arrayLength,
    int offset,
    int size,
    boolean signed,
    int line) {

  public boolean isArray() {
    return arrayLength >= 0;
  }
}
