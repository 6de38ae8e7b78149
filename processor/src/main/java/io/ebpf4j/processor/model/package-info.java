/**
 * The immutable model of events: an event type, its members and their types, its layout in the
 * ring buffer, the one table of the event header, and the names it gives in C and Java. Built on
 * the formats; knows nothing of probe shapes, which it sees only as an EventSource.
 */
package io.ebpf4j.processor.model;
