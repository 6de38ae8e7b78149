package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.common.io.Resources;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Compares the generated record and C with the files under {@code golden/}. Run with {@code
 * EBPF4J_GOLDEN_ROOT=$PWD/processor/src/test/resources/golden} to rewrite them instead (not
 * under {@code CI=true}: see {@link GoldenRoot}).
 */
class GoldenTest {

  private final Compilation compilation =
      Compilations.snapshotCompiler().compile(Compilations.good("NetProbes"));

  @Test
  void eventRecord() throws IOException {
    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated =
        compilation.generatedSourceFile("com.example.BindEvent").orElseThrow();
    if (regenerate("BindEvent.java", generated.getCharContent(false).toString())) {
      return;
    }
    assertThat(compilation)
        .generatedSourceFile("com.example.BindEvent")
        .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/BindEvent.java"));
  }

  @Test
  void program() throws IOException {
    JavaFileObject generated =
        compilation.generatedSourceFile("com.example.NetProbes_Ebpf4jProgram").orElseThrow();
    if (regenerate("NetProbes_Ebpf4jProgram.java", generated.getCharContent(false).toString())) {
      return;
    }
    assertThat(compilation)
        .generatedSourceFile("com.example.NetProbes_Ebpf4jProgram")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("golden/NetProbes_Ebpf4jProgram.java"));
  }

  @Test
  void bpfSource() throws IOException {
    JavaFileObject generated =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/NetProbes.bpf.c")
            .orElseThrow();
    if (regenerate("NetProbes.bpf.c", generated.getCharContent(false).toString())) {
      return;
    }
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/NetProbes.bpf.c")
        .contentsAsUtf8String()
        .isEqualTo(golden("NetProbes.bpf.c"));
  }

  /** The encoder every handler class gets, for tests that feed records to the dispatcher. */
  @Test
  void encoder() throws IOException {
    checkSource(compilation, "NetProbes_Ebpf4jEncoder");
  }

  /** The JFR events of a class marked {@code @JfrEvents}: a call event's latency is a timespan. */
  @Test
  void jfrEvents() throws IOException {
    Compilation jfr = Compilations.snapshotCompiler().compile(Compilations.good("JfrProbes"));
    assertThat(jfr).succeededWithoutWarnings();
    checkSource(jfr, "JfrProbes_Ebpf4jJfr");
  }

  private static void checkSource(Compilation compilation, String simpleName) throws IOException {
    JavaFileObject generated =
        compilation.generatedSourceFile("com.example." + simpleName).orElseThrow();
    if (regenerate(simpleName + ".java", generated.getCharContent(false).toString())) {
      return;
    }
    assertThat(compilation)
        .generatedSourceFile("com.example." + simpleName)
        .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/" + simpleName + ".java"));
  }

  /** A system call's entry and return in one event: the hash by thread, the tracepoint fallback. */
  @Test
  void callEventAndItsC() throws IOException {
    checkRecordAndC("OpenSnoop", "OpenatCallEvent");
  }

  /** A tracepoint with a __data_loc string and a field renamed with Field. */
  @Test
  void tracepointEventAndItsC() throws IOException {
    checkRecordAndC("ExecProbes", "SchedProcessExecEvent");
  }

  private static void checkRecordAndC(String handler, String record) throws IOException {
    Compilation compilation = Compilations.snapshotCompiler().compile(Compilations.good(handler));
    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated =
        compilation.generatedSourceFile("com.example." + record).orElseThrow();
    String c =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/" + handler + ".bpf.c")
            .orElseThrow()
            .getCharContent(false)
            .toString();
    boolean rewritten = regenerate(record + ".java", generated.getCharContent(false).toString());
    if (regenerate(handler + ".bpf.c", c) || rewritten) {
      return;
    }
    assertThat(compilation)
        .generatedSourceFile("com.example." + record)
        .hasSourceEquivalentTo(JavaFileObjects.forResource("golden/" + record + ".java"));
    assertThat(c).isEqualTo(golden(handler + ".bpf.c"));
  }

  private static boolean regenerate(String name, String contents) throws IOException {
    Optional<Path> root = GoldenRoot.from(System.getenv());
    if (root.isEmpty()) {
      return false;
    }
    Files.writeString(root.get().resolve(name), contents, StandardCharsets.UTF_8);
    return true;
  }

  private static String golden(String name) {
    try {
      return Resources.toString(Resources.getResource("golden/" + name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
