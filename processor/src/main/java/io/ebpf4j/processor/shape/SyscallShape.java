package io.ebpf4j.processor.shape;

import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.model.JavaNames;

/**
 * A shape on a system call, named as the annotation's {@code value}: its entry, its return, or
 * both. What the three say alike is said here once: the message for an unknown system call, and
 * the facts their records' Javadoc states.
 */
public sealed interface SyscallShape extends RecordShape
    permits SyscallEntry, SyscallReturn, SyscallCall {

  @Override
  default String origin(String target) {
    return annotation() + "(" + ProbeShape.quoted(target) + ")";
  }

  @Override
  default String unknownTarget(SyscallCatalog catalog, String target) {
    return Messages.unknownSyscall(annotation(), target, catalog.suggest(target));
  }

  @Override
  default String headerSubject() {
    return "calling";
  }

  @Override
  default String memberNoun() {
    return "An argument";
  }

  @Override
  default String clashSuffix() {
    return JavaNames.CONTEXT_CLASH_SUFFIX;
  }
}
