/**
 * Turns the validated model into files' contents: the event records and the ProbeProgram
 * (JavaPoet TypeSpecs) and the BPF C. Writers see no Element and touch no Filer; only
 * ProbeProcessor writes.
 */
package io.ebpf4j.processor.writing;
