package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.ebpf4j.processor.format.SnapshotArchive;
import io.ebpf4j.processor.model.JavaNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Every tracepoint of the snapshot, all categories, generates a record and C that compile: one
 * handler class per category, one {@code @Tracepoint} method per event. The runtime's {@code
 * AllTracepointsKernelTest} loads the same C into a kernel.
 */
class AllTracepointsTest {

  /** A Java package segment for a category: {@code 9p} is not one. */
  static String packageSegment(String category) {
    String segment = category.toLowerCase(Locale.ROOT);
    return Character.isJavaIdentifierStart(segment.charAt(0)) ? segment : "c" + segment;
  }

  /** The handler class of {@code category}, with a method for each of {@code events}. */
  static String handlerSource(String packageName, String category, Iterable<String> events) {
    StringBuilder source =
        new StringBuilder("package " + packageName + ";\n\npublic class AllProbes {\n");
    for (String event : events) {
      source
          .append("  @io.ebpf4j.api.Tracepoint(\"")
          .append(category)
          .append(':')
          .append(event)
          .append("\") void on_")
          .append(event)
          .append('(')
          .append(JavaNames.eventTypeName(event))
          .append(" e) {}\n");
    }
    return source.append("}\n").toString();
  }

  @Test
  void everyTracepointCompiles() throws IOException {
    SnapshotArchive snapshot = SnapshotArchive.bundled();
    List<JavaFileObject> sources = new ArrayList<>();
    int events = 0;
    for (String category : snapshot.categories()) {
      String packageName = "com.example.tp." + packageSegment(category);
      sources.add(
          JavaFileObjects.forSourceString(
              packageName + ".AllProbes",
              handlerSource(packageName, category, snapshot.events(category))));
      events += snapshot.events(category).size();
    }
    Compilation compilation = Compilations.snapshotCompiler().compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    int functions = 0;
    for (String category : snapshot.categories()) {
      String c =
          compilation
              .generatedFile(
                  StandardLocation.CLASS_OUTPUT,
                  "com/example/tp/" + packageSegment(category) + "/AllProbes.bpf.c")
              .orElseThrow()
              .getCharContent(false)
              .toString();
      functions +=
          (int) Pattern.compile("(?m)^int ebpf4j_tracepoint_\\d+\\(").matcher(c).results().count();
    }
    assertThat(functions).isEqualTo(events);
    assertThat(events).isEqualTo(2323);
  }
}
