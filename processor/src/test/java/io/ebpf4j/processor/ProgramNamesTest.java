package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.processor.base.Messages;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Handler classes whose names look alike get programs of their own, which the runtime finds
 * through {@link ProgramConventions#programClassName}, the method {@code ProbeRuntime} uses.
 */
class ProgramNamesTest {
  private static final String ON_CLOSE = "  @Kprobe(\"close\") void onClose(CloseEvent e) {}";

  private static JavaFileObject handler(String qualifiedName, String... body) {
    String simpleName = qualifiedName.substring(qualifiedName.lastIndexOf('.') + 1);
    String[] lines = new String[body.length + 4];
    lines[0] = "package com.example;";
    lines[1] = "import io.ebpf4j.api.Kprobe;";
    lines[2] = "public class " + simpleName + " {";
    System.arraycopy(body, 0, lines, 3, body.length);
    lines[lines.length - 1] = "}";
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  @Test
  void escapedNamesDifferWhereverTheNamesDiffer() {
    assertEquals("NetProbes", ProgramConventions.escapedName(List.of("NetProbes")));
    assertEquals("Outer_Inner", ProgramConventions.escapedName(List.of("Outer", "Inner")));
    assertEquals("Outer_1Inner", ProgramConventions.escapedName(List.of("Outer_Inner")));
    assertEquals("Dollar_2Probes", ProgramConventions.escapedName(List.of("Dollar$Probes")));
    List<List<String>> names =
        List.of(
            List.of("A_B"), List.of("A", "B"), List.of("A$B"), List.of("A", "_B"),
            List.of("A_", "B"), List.of("A__B"), List.of("A", "$B"), List.of("A$", "B"),
            List.of("A_1B"), List.of("A_2B"), List.of("A", "_1B"), List.of("A_", "_B"));
    Set<String> escaped = new HashSet<>();
    for (List<String> name : names) {
      escaped.add(ProgramConventions.escapedName(name));
    }
    assertEquals(names.size(), escaped.size(), () -> "collision among " + escaped);
  }

  /**
   * A nested {@code Outer2.Inner} and a top-level {@code Outer2_Inner} used to share {@code
   * Outer2_Inner_Ebpf4jProgram} (the processor crashed on the second file); a top-level {@code
   * Dollar$Probes} got a program the runtime looked for under another name.
   */
  @Test
  void lookAlikeHandlersEachGetAProgramTheRuntimeFinds() throws Exception {
    Compilation compilation =
        snapshotCompiler()
            .compile(
                handler(
                    "com.example.Outer2",
                    "  public static class Inner {",
                    "    @Kprobe(\"close\") void onClose(CloseEvent e) {}",
                    "  }"),
                handler("com.example.Outer2_Inner", ON_CLOSE),
                handler("com.example.Dollar$Probes", ON_CLOSE));
    assertThat(compilation).succeededWithoutWarnings();
    GeneratedClasses classes = new GeneratedClasses(compilation);
    Set<String> resources = new HashSet<>();
    List<String> handlers =
        List.of(
            "com.example.Outer2$Inner", "com.example.Outer2_Inner", "com.example.Dollar$Probes");
    for (String binaryName : handlers) {
      Class<?> handler = classes.loadClass(binaryName);
      ProbeProgram<?> program =
          (ProbeProgram<?>)
              classes
                  .loadClass(ProgramConventions.programClassName(handler))
                  .getConstructor()
                  .newInstance();
      assertEquals(handler, program.handlerType());
      String c =
          compilation
              .generatedFile(StandardLocation.CLASS_OUTPUT, program.bpfSourceResource())
              .orElseThrow()
              .getCharContent(false)
              .toString();
      assertThat(c).contains("from " + handler.getCanonicalName() + ".");
      resources.add(program.bpfSourceResource());
    }
    assertEquals(3, resources.size(), () -> "shared C resources: " + resources);
  }

  /** The one clash left: a class of the user's that already has the program's name. */
  @Test
  void aClassWithTheProgramsNameIsAnErrorOnTheHandler() {
    JavaFileObject handler =
        handler("com.example.Clash", ON_CLOSE);
    Compilation compilation =
        snapshotCompiler()
            .compile(
                handler,
                JavaFileObjects.forSourceLines(
                    "com.example.Clash_Ebpf4jProgram",
                    "package com.example;",
                    "public class Clash_Ebpf4jProgram {}"));
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            Messages.programClassExists("com.example.Clash", "com.example.Clash_Ebpf4jProgram"))
        .inFile(handler)
        .onLineContaining("public class Clash {");
    assertThat(compilation).hadErrorCount(1);
  }
}
