package io.ebpf4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every Java block of the README with javac and the ebpf4j processor: README code that
 * does not compile is a defect. A block that declares a class is a compilation unit; any other
 * block is a method body. All get the same imports and one package, so blocks may use each other.
 * The runtime's types are imported by name: its test jar, on this class path, holds generated
 * events such as {@code io.ebpf4j.runtime.BindEvent} that an on-demand import would let win.
 */
class ReadmeSnippetsTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern PUBLIC_CLASS = Pattern.compile("public class (\\w+)");
  private static final String HEADER =
      """
      package readme;

      import io.ebpf4j.api.*;
      import io.ebpf4j.runtime.BpfModule;
      import io.ebpf4j.runtime.BpfTable;
      import io.ebpf4j.runtime.FixedSize;
      import io.ebpf4j.runtime.PerCpuTable;
      import io.ebpf4j.runtime.Probe;
      import io.ebpf4j.runtime.ProbeOptions;
      import io.ebpf4j.runtime.ProbeRuntime;
      import io.ebpf4j.runtime.ProbeSession;
      import io.ebpf4j.runtime.StackTraceTable;
      import io.ebpf4j.runtime.Symbolizer;
      import io.ebpf4j.runtime.TracePipe;
      import io.ebpf4j.runtime.FlameGraph;
      import io.ebpf4j.runtime.Profile;
      import io.ebpf4j.runtime.ProfiledStack;
      import io.ebpf4j.runtime.Profiler;
      import io.ebpf4j.runtime.SampleEvent;
      import java.time.Duration;
      """;

  @Test
  void everyJavaBlockCompilesWithTheProcessor(@TempDir Path dir) throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<Path> sources = new ArrayList<>();
    Matcher block = JAVA_BLOCK.matcher(readme);
    for (int i = 0; block.find(); i++) {
      String code = block.group(1);
      Matcher publicClass = PUBLIC_CLASS.matcher(code);
      String name;
      String unit;
      if (publicClass.find()) {
        name = publicClass.group(1);
        unit = HEADER + code;
      } else {
        name = "Snippet" + i;
        unit = HEADER + "class " + name + " {\n  void run() throws Exception {\n" + code + "  }\n}\n";
      }
      Path source = dir.resolve("readme").resolve(name + ".java");
      Files.createDirectories(source.getParent());
      Files.writeString(source, unit);
      sources.add(source);
    }
    assertTrue(sources.size() >= 8, "the README's Java blocks were found: " + sources);

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classPath = System.getProperty("java.class.path");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-d", dir.resolve("classes").toString(),
                "-cp", classPath,
                "-processorpath", classPath,
                "-Aebpf4j.formats=snapshot",
                "-Xlint:none"));
    sources.forEach(s -> arguments.add(s.toString()));
    StringWriter diagnostics = new StringWriter();
    int status =
        javac.run(
            null,
            null,
            new java.io.PrintStream(
                new java.io.OutputStream() {
                  @Override
                  public void write(int b) {
                    diagnostics.write(b);
                  }
                }),
            arguments.toArray(String[]::new));
    assertEquals(0, status, "README blocks do not compile:\n" + diagnostics);
  }
}
