package io.ebpf4j.processor.model;

/**
 * The probe an event comes from, as far as the event needs to know it. Every probe shape is one;
 * the model names it through this interface so that it does not depend on the shapes, which
 * build on it.
 */
public interface EventSource {

  /** {@code @Kprobe}, for messages. */
  String annotation();

  /** The annotation as written, for messages and comments: {@code @Kprobe("bind")}. */
  String origin(String target);
}
