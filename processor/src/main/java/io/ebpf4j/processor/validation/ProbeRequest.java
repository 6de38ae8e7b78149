package io.ebpf4j.processor.validation;

import io.ebpf4j.processor.shape.ProbeMethod;
import io.ebpf4j.processor.shape.ProbeShape;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * A probe annotation whose attributes are valid on their own: what it asks to trace. Internal to
 * validation; the model ({@link ProbeMethod}) holds no elements.
 *
 * @param shape what it traces
 * @param target the system call, kernel function, {@code category:event} or symbol
 * @param binary for uprobes, the binary; empty otherwise
 * @param pid for uprobes, the process or -1
 * @param stringSize the capacity of the event's strings
 * @param annotation the annotation, to report on
 * @param targetValue the attribute that names the target, to report on
 */
public record ProbeRequest(
    ProbeShape shape,
    String target,
    String binary,
    int pid,
    int stringSize,
    AnnotationMirror annotation,
    AnnotationValue targetValue) {

  public String origin() {
    return shape.origin(target);
  }
}
