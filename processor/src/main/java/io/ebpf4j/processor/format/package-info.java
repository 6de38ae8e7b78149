/**
 * The kernel's tracepoint formats: where they come from (a live tracefs, a directory, the
 * checked-in snapshot), their parser, the catalog of system calls and tracepoints, and the map
 * from C argument types to Java types. It sees no javac element.
 */
package io.ebpf4j.processor.format;
