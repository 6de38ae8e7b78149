package io.ebpf4j.processor.shape;

import com.palantir.javapoet.ClassName;
import io.ebpf4j.api.internal.ProgramConventions;
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
public record HandlerProgram(
    ClassName handler, int typeParameters, boolean instantiable, List<ProbeMethod> probes) {

  public HandlerProgram {
    probes = List.copyOf(probes);
  }

  /**
   * The handler's simple names as one identifier, {@code Outer_Inner} for {@code Outer.Inner}
   * and {@code Outer_1Inner} for a top-level {@code Outer_Inner}; see {@link
   * ProgramConventions#escapedName}. Both the program and its C resource are named after it, so
   * no two handlers of a package share either.
   */
  private String escapedName() {
    return ProgramConventions.escapedName(handler.simpleNames());
  }

  /** See {@link ProgramConventions#programClassName}. */
  public ClassName programClass() {
    return ClassName.get(
        handler.packageName(), escapedName() + ProgramConventions.PROGRAM_CLASS_SUFFIX);
  }

  /** {@code NetProbes.bpf.c}, in the handler's package. */
  public String bpfResourceName() {
    return escapedName() + ".bpf.c";
  }

  /** {@code com/example/NetProbes.bpf.c}, from the class-path root. */
  public String bpfResourcePath() {
    String pkg = handler.packageName();
    return pkg.isEmpty() ? bpfResourceName() : pkg.replace('.', '/') + "/" + bpfResourceName();
  }

  /** {@code com.example.NetProbes}, or {@code com.example.Outer.Inner}. */
  public String canonicalName() {
    return handler.canonicalName();
  }
}
