package io.ebpf4j.processor;

/**
 * One system call argument as the generated code carries it.
 *
 * @param field the format's field: its name, declaration, offset and size in the tracepoint
 * @param type how the argument is stored and decoded
 * @param javaName the record component
 * @param cName the member of both the event struct and the tracepoint struct
 * @param eventOffset the offset in the event, from the {@link EventLayout}
 */
record EventArgument(
    FormatField field, ArgumentType type, String javaName, String cName, int eventOffset) {}
