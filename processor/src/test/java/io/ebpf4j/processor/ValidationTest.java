package io.ebpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.bad;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.ebpf4j.processor.base.Messages;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** One test per rule of Kprobe's Javadoc, each on a file under {@code bad/}. */
class ValidationTest {

  private static Compilation compile(JavaFileObject... files) {
    return snapshotCompiler().compile(files);
  }

  @Test
  void unknownSyscallSuggestsTheClosest() {
    JavaFileObject file = bad("UnknownSyscall");
    assertThat(compile(file))
        .hadErrorContaining(Messages.unknownSyscall("@Kprobe", "bnid", Optional.of("bind")))
        .inFile(file)
        .onLineContaining("@Kprobe");
  }

  @Test
  void handlerReturnsVoid() {
    JavaFileObject file = bad("NotVoid");
    assertThat(compile(file))
        .hadErrorContaining(Messages.handlerNotVoid("@Kprobe", "onBind"))
        .inFile(file)
        .onLineContaining("int onBind");
  }

  @Test
  void handlerTakesOneParameter() {
    JavaFileObject none = bad("NoParameter");
    assertThat(compile(none))
        .hadErrorContaining(Messages.handlerParameters("com.example.BindEvent"))
        .inFile(none)
        .onLineContaining("void onBind");
    JavaFileObject two = bad("TwoParameters");
    assertThat(compile(two))
        .hadErrorContaining(Messages.handlerParameters("com.example.BindEvent"))
        .inFile(two)
        .onLineContaining("void onBind");
  }

  /** A {@code BindEvent} of another package: the message must say which one it wants. */
  @Test
  void handlerTakesTheEventOfItsOwnPackage() {
    JavaFileObject other =
        JavaFileObjects.forSourceLines(
            "com.other.BindEvent", "package com.other;", "public record BindEvent(int fd) {}");
    JavaFileObject handler =
        JavaFileObjects.forSourceLines(
            "com.example.OtherPackageEvent",
            "package com.example;",
            "import io.ebpf4j.api.Kprobe;",
            "public class OtherPackageEvent {",
            "  @Kprobe(\"bind\")",
            "  void onBind(com.other.BindEvent e) {}",
            "}");
    Compilation compilation = compile(other, handler);
    assertThat(compilation)
        .hadErrorContaining(Messages.handlerParameters("com.example.BindEvent"))
        .inFile(handler)
        .onLineContaining("BindEvent e");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void handlerTakesTheEventOfItsSyscall() {
    JavaFileObject file = bad("WrongParameter");
    Compilation compilation = compile(file);
    assertThat(compilation)
        .hadErrorContaining(Messages.handlerParameters("com.example.BindEvent"))
        .inFile(file)
        .onLineContaining("ConnectEvent e");
    assertThat(compilation).hadErrorCount(2); // and javac: ConnectEvent does not exist
  }

  @Test
  void handlerIsNotPrivate() {
    JavaFileObject file = bad("PrivateMethod");
    assertThat(compile(file))
        .hadErrorContaining(Messages.handlerPrivate("@Kprobe", "onBind"))
        .inFile(file)
        .onLineContaining("void onBind");
  }

  @Test
  void handlerIsNotStatic() {
    JavaFileObject file = bad("StaticMethod");
    assertThat(compile(file))
        .hadErrorContaining(Messages.handlerStatic("@Kprobe", "onBind"))
        .inFile(file)
        .onLineContaining("void onBind");
  }

  @Test
  void classIsNotPrivate() {
    JavaFileObject file = bad("PrivateClass");
    assertThat(compile(file))
        .hadErrorContaining(Messages.classPrivate("@Kprobe", "com.example.PrivateClass.Probes"))
        .inFile(file)
        .onLineContaining("class Probes");
  }

  @Test
  void classIsNotAbstract() {
    JavaFileObject file = bad("AbstractClass");
    assertThat(compile(file))
        .hadErrorContaining(Messages.classAbstract("@Kprobe", "com.example.AbstractClass"))
        .inFile(file)
        .onLineContaining("class AbstractClass");
  }

  @Test
  void classIsAClass() {
    JavaFileObject file = bad("InterfaceHandler");
    assertThat(compile(file))
        .hadErrorContaining(
            Messages.classNotAClass("@Kprobe", "com.example.InterfaceHandler", "an interface"))
        .inFile(file)
        .onLineContaining("interface InterfaceHandler");
  }

  /**
   * javac does not report annotations inside method bodies to processors, so a local class's
   * probes are never seen; it must at least not compile, as BindEvent is never generated.
   */
  @Test
  void localClassIsNotGenerated() {
    Compilation compilation = compile(bad("LocalClass"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("BindEvent");
  }

  @Test
  void eventTypeIsNotUserWritten() {
    JavaFileObject file = bad("ExistingEvent");
    assertThat(compile(file, bad("BindEvent")))
        .hadErrorContaining(Messages.eventTypeExists("com.example.BindEvent", "@Kprobe(\"bind\")"))
        .inFile(file)
        .onLineContaining("@Kprobe");
  }

  /**
   * A handler with an error still gets the record of its probe, so javac does not add "cannot
   * find symbol" to the real error: the one error is the processor's. (compile-testing hides
   * generated files once a compilation fails, so the count is the check.)
   */
  @Test
  void recordIsGeneratedDespiteHandlerErrors() {
    for (String file : new String[] {"NotVoid", "PrivateMethod", "TwoParameters"}) {
      assertThat(compile(bad(file))).hadErrorCount(1);
    }
    assertThat(compile(bad("TracepointNotVoid"))).hadErrorCount(1);
  }
}
