package io.ebpf4j.processor.validation;

import io.ebpf4j.api.Stack;
import io.ebpf4j.processor.shape.ProbeMethod;
import io.ebpf4j.processor.shape.ProbeShape;
import javax.lang.model.element.AnnotationMirror;
import java.util.Set;
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
 * @param filter the {@code filter} attribute, empty for none
 * @param filterValue the {@code filter} attribute as written, to report on; null if not written
 * @param stacks the stacks each event captures; empty for none
 * @param stacksValue the {@code stacks} attribute as written, to report on; null if not written
 */
public record ProbeRequest(
    ProbeShape shape,
    String target,
    String binary,
    int pid,
    int stringSize,
    AnnotationMirror annotation,
    AnnotationValue targetValue,
    String filter,
    AnnotationValue filterValue,
    Set<Stack> stacks,
    AnnotationValue stacksValue) {

  public ProbeRequest {
    stacks = Set.copyOf(stacks);
  }

  /** A request without stacks. */
  public ProbeRequest(
      ProbeShape shape,
      String target,
      String binary,
      int pid,
      int stringSize,
      AnnotationMirror annotation,
      AnnotationValue targetValue,
      String filter,
      AnnotationValue filterValue) {
    this(shape, target, binary, pid, stringSize, annotation, targetValue, filter, filterValue,
        Set.of(), null);
  }

  public String origin() {
    return shape.origin(target);
  }
}
