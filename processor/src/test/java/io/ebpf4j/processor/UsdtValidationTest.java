package io.ebpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.bad;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.ebpf4j.processor.base.Messages;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The rules of {@code @Usdt} and {@code @Hotspot}, and the records and C they give. */
class UsdtValidationTest {

  private static void assertError(String file, String message, String line) {
    JavaFileObject source = bad(file);
    assertThat(snapshotCompiler().compile(source))
        .hadErrorContaining(message)
        .inFile(source)
        .onLineContaining(line);
  }

  @Test
  void unknownProbeSuggestsTheClosest() {
    assertError("UsdtUnknownProbe", "no USDT probe `hotspot:gc__begn`", "@Hotspot");
    assertError("UsdtUnknownProbe", "did you mean `hotspot:gc__begin`?", "@Hotspot");
  }

  @Test
  void anAbsentBinaryOtherThanLibjvmIsAnError() {
    assertError(
        "UsdtMissingBinary", Messages.usdtBinaryAbsent("@Usdt", "/no/such/libfoo.so"), "@Usdt");
  }

  @Test
  void theBinaryIsAnAbsolutePath() {
    assertError("UsdtRelativeBinary", Messages.usdtBinaryPath("@Usdt", "libjvm.so"), "@Usdt");
  }

  @Test
  void namesAreIdentifiers() {
    assertError("UsdtBadName", Messages.usdtSyntax("@Usdt", "name", "gc begin"), "@Usdt");
  }

  @Test
  void hotspotPidIsMinusOneOrPositive() {
    assertError("HotspotBadPid", Messages.uprobePid("@Hotspot", 0), "pid = 0");
  }

  @Test
  void hotspotStringSizeIsInRange() {
    assertError(
        "HotspotStringSize",
        Messages.stringSizeOutOfRange("@Hotspot", 0, io.ebpf4j.api.Kprobe.MAX_STRING_SIZE),
        "stringSize = 0");
  }

  @Test
  void hotspotBinaryIsEmptyOrAbsolute() {
    assertError(
        "HotspotRelativeBinary",
        Messages.usdtBinaryPath("@Hotspot", "lib/server/libjvm.so"),
        "binary = ");
  }

  @Test
  void theHandlerTakesTheGeneratedRecord() {
    assertError(
        "HotspotWrongParameter", Messages.handlerParameters("com.example.GcBeginEvent"),
        "String e");
  }

  /** An absent libjvm.so is typed from the snapshot: gc__begin's one byte, thread__start's names. */
  @Test
  void hotspotRecordsAreNamedAndTyped() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.Jvm",
            """
            package com.example;
            import io.ebpf4j.api.Hotspot;
            import io.ebpf4j.api.Usdt;
            public class Jvm {
              @Hotspot("thread__start") void onStart(ThreadStartEvent e) {}
              @Usdt(binary = "/opt/absent/lib/server/libjvm.so", provider = "hotspot",
                    name = "gc__begin")
              void onGc(HotspotGcBeginEvent e) {}
            }
            """);
    Compilation compilation = snapshotCompiler().compile(source);
    assertThat(compilation).succeeded();
    String thread =
        compilation.generatedSourceFile("com.example.ThreadStartEvent").orElseThrow()
            .getCharContent(true).toString();
    assertTrue(
        thread.replaceAll("\\s+", " ").contains(
            "String threadName, long javaThreadId, long nativeThreadId, boolean daemon"),
        thread);
    String gc =
        compilation.generatedSourceFile("com.example.HotspotGcBeginEvent").orElseThrow()
            .getCharContent(true).toString();
    assertTrue(gc.replaceAll("\\s+", " ").contains("String comm, byte arg0)"), gc);
    String c =
        compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/Jvm.bpf.c")
            .orElseThrow().getCharContent(true).toString();
    // thread__start's five note arguments; the name's length is bounded before the read.
    assertTrue(c.contains("_argc 5"), c);
    assertTrue(c.contains("bpf_probe_read_user(event->threadName, n, (const void *) arg0);"), c);
    assertEquals(2, c.split("_argc ").length - 1, c);
  }

  /** A filter on a (pointer, length) string reads it bounded by its length, as the event does. */
  @Test
  void filtersReadLengthStrings() throws Exception {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.Named",
            """
            package com.example;
            import io.ebpf4j.api.Hotspot;
            public class Named {
              @Hotspot(value = "thread__start", filter = "threadName == \\"main\\"")
              void onStart(ThreadStartEvent e) {}
              @Hotspot(value = "gc__begin", filter = "full != 0")
              void onGc(GcBeginEvent e) {}
            }
            """);
    Compilation compilation = snapshotCompiler().compile(source);
    assertThat(compilation).succeeded();
    String c =
        compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/Named.bpf.c")
            .orElseThrow().getCharContent(true).toString();
    assertTrue(c.contains("(const void *) arg0"), c);
  }
}
