package io.ebpf4j.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.ebpf4j.processor.format.FormatSource;
import javax.tools.JavaFileObject;

/** The processor under test, and the test sources. */
final class Compilations {
  private Compilations() {}

  /** javac with the processor, reading the bundled snapshot so tests do not depend on the host. */
  static Compiler snapshotCompiler() {
    return javac()
        .withProcessors(new ProbeProcessor())
        .withOptions("-A" + ProbeProcessor.FORMATS_OPTION + "=" + FormatSource.SNAPSHOT);
  }

  static Compiler compilerWithFormats(String option) {
    return javac()
        .withProcessors(new ProbeProcessor())
        .withOptions("-A" + ProbeProcessor.FORMATS_OPTION + "=" + option);
  }

  static JavaFileObject good(String name) {
    return JavaFileObjects.forResource("good/" + name + ".java");
  }

  static JavaFileObject bad(String name) {
    return JavaFileObjects.forResource("bad/" + name + ".java");
  }
}
