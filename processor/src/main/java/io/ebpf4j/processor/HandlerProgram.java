package io.ebpf4j.processor;

import com.palantir.javapoet.ClassName;
import io.ebpf4j.api.generated.ProgramConventions;
import java.util.List;

/**
 * Everything generated for one handler class: its program class, its BPF C and its probes.
 *
 * @param handler the handler class
 * @param typeParameters how many type parameters the handler class has; the program uses
 *     wildcards for them
 * @param instantiable whether the program can create a handler ({@code ProbeRuntime.start(Class)})
 * @param probes the probes, in id order
 */
record HandlerProgram(
    ClassName handler, int typeParameters, boolean instantiable, List<ProbeMethod> probes) {

  HandlerProgram {
    probes = List.copyOf(probes);
  }

  /** The handler's simple names joined by {@code _}: {@code Outer_Inner}. */
  private String flatName() {
    return String.join("_", handler.simpleNames());
  }

  /** See {@link ProgramConventions#programClassName}. */
  ClassName programClass() {
    return ClassName.get(
        handler.packageName(), flatName() + ProgramConventions.PROGRAM_CLASS_SUFFIX);
  }

  /** {@code NetProbes.bpf.c}, in the handler's package. */
  String bpfResourceName() {
    return flatName() + ".bpf.c";
  }

  /** {@code com/example/NetProbes.bpf.c}, from the class-path root. */
  String bpfResourcePath() {
    String pkg = handler.packageName();
    return pkg.isEmpty() ? bpfResourceName() : pkg.replace('.', '/') + "/" + bpfResourceName();
  }

  /** {@code com.example.NetProbes}, or {@code com.example.Outer.Inner}. */
  String canonicalName() {
    return handler.canonicalName();
  }
}
