package io.ebpf4j.processor.shape;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The names and types of the {@code hotspot} provider's probe arguments, from the JDK's {@code
 * src/hotspot/os/posix/dtrace/hotspot.d} and the HotSpot DTrace documentation: a {@code char*}
 * followed by its {@code uintptr_t} length is one string. Probes not listed here keep {@code
 * arg0...}.
 */
final class HotspotProbes {

  /** How one {@code hotspot.d} argument is carried. */
  enum Kind {
    /** A {@code (char*, uintptr_t)} pair: a string that is not NUL-terminated. */
    STRING(2),
    LONG(1),
    INT(1),
    BOOLEAN(1);

    final int slots;

    Kind(int slots) {
      this.slots = slots;
    }
  }

  /** One named argument. */
  record Argument(String name, Kind kind) {}


  private static final List<Argument> CLASS =
      List.of(arg("className", Kind.STRING), arg("loaderId", Kind.LONG),
          arg("shared", Kind.BOOLEAN));
  private static final List<Argument> THREAD =
      List.of(arg("threadName", Kind.STRING), arg("javaThreadId", Kind.LONG),
          arg("nativeThreadId", Kind.LONG), arg("daemon", Kind.BOOLEAN));
  private static final List<Argument> MONITOR =
      List.of(arg("javaThreadId", Kind.LONG), arg("monitorId", Kind.LONG),
          arg("className", Kind.STRING));
  private static final List<Argument> VMOPS =
      List.of(arg("operationName", Kind.STRING), arg("evaluationMode", Kind.INT));
  private static final List<Argument> COMPILE =
      List.of(arg("compilerName", Kind.STRING), arg("className", Kind.STRING),
          arg("methodName", Kind.STRING), arg("signature", Kind.STRING));
  private static final List<Argument> METHOD =
      List.of(arg("javaThreadId", Kind.INT), arg("className", Kind.STRING),
          arg("methodName", Kind.STRING), arg("signature", Kind.STRING));

  private static final Map<String, List<Argument>> PROBES =
      Map.ofEntries(
          Map.entry("class__loaded", CLASS),
          Map.entry("class__unloaded", CLASS),
          Map.entry("vm__init__begin", List.of()),
          Map.entry("vm__init__end", List.of()),
          Map.entry("vm__shutdown", List.of()),
          Map.entry("vmops__request", VMOPS),
          Map.entry("vmops__begin", VMOPS),
          Map.entry("vmops__end", VMOPS),
          Map.entry("gc__begin", List.of(arg("full", Kind.BOOLEAN))),
          Map.entry("gc__end", List.of()),
          Map.entry("thread__start", THREAD),
          Map.entry("thread__stop", THREAD),
          Map.entry("thread__sleep__begin", List.of(arg("millis", Kind.LONG))),
          Map.entry("thread__sleep__end", List.of(arg("interrupted", Kind.INT))),
          Map.entry("thread__yield", List.of()),
          Map.entry("thread__park__begin",
              List.of(arg("parkBlocker", Kind.LONG), arg("absolute", Kind.INT),
                  arg("time", Kind.LONG))),
          Map.entry("thread__park__end", List.of(arg("parkBlocker", Kind.LONG))),
          Map.entry("thread__unpark", List.of(arg("thread", Kind.LONG))),
          Map.entry("method__compile__begin", COMPILE),
          Map.entry("method__compile__end",
              List.of(arg("compilerName", Kind.STRING), arg("className", Kind.STRING),
                  arg("methodName", Kind.STRING), arg("signature", Kind.STRING),
                  arg("success", Kind.BOOLEAN))),
          Map.entry("monitor__contended__enter", MONITOR),
          Map.entry("monitor__contended__entered", MONITOR),
          Map.entry("monitor__contended__exit", MONITOR),
          Map.entry("monitor__wait",
              List.of(arg("javaThreadId", Kind.LONG), arg("monitorId", Kind.LONG),
                  arg("className", Kind.STRING), arg("timeoutMillis", Kind.LONG))),
          Map.entry("monitor__waited", MONITOR),
          Map.entry("monitor__notify", MONITOR),
          Map.entry("monitor__notifyAll", MONITOR),
          Map.entry("object__alloc",
              List.of(arg("javaThreadId", Kind.INT), arg("className", Kind.STRING),
                  arg("size", Kind.LONG))),
          Map.entry("method__entry", METHOD),
          Map.entry("method__return", METHOD));

  private HotspotProbes() {}

  /** The named arguments of {@code probe}, if {@code hotspot.d} names them here. */
  static Optional<List<Argument>> arguments(String probe) {
    return Optional.ofNullable(PROBES.get(probe));
  }

  /** How many note arguments {@code arguments} take. */
  static int slots(List<Argument> arguments) {
    return arguments.stream().mapToInt(a -> a.kind().slots).sum();
  }

  private static Argument arg(String name, Kind kind) {
    return new Argument(name, kind);
  }
}
