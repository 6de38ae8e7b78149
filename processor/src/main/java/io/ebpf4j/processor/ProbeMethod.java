package io.ebpf4j.processor;

/**
 * One {@code @Kprobe} method, validated.
 *
 * @param id the probe id: the method's index among the class's probes, in source order
 * @param methodName the handler method
 * @param description {@code com.example.NetProbes.onBind(BindEvent)}, for messages and comments
 * @param event the event the method takes
 */
record ProbeMethod(int id, String methodName, String description, EventType event) {

  String kprobeFunction() {
    return CNames.GENERATED_PREFIX + "kprobe_" + id;
  }

  String tracepointFunction() {
    return CNames.GENERATED_PREFIX + "tracepoint_" + id;
  }

  String eventStruct() {
    return CNames.GENERATED_PREFIX + "event_" + id;
  }

  String tracepointStruct() {
    return CNames.GENERATED_PREFIX + "tp_" + id;
  }

  String emitFunction() {
    return CNames.GENERATED_PREFIX + "emit_" + id;
  }

  /** The Java method that decodes this probe's events. */
  String decodeMethod() {
    return "decode" + id;
  }
}
