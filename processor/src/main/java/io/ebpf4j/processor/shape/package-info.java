/**
 * The probe shapes: one class per kind of probe (syscall entry, return or call, tracepoint,
 * kernel function, user function), each owning its record's name and event, its attachments and
 * its C; the probe and handler-program model they describe; and the C fragments every shape
 * shares (header fill, reserve with drop count, process filter). A new probe shape is a new
 * class here.
 */
package io.ebpf4j.processor.shape;
