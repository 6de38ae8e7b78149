package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.good;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import io.ebpf4j.api.internal.ProgramConventions;
import io.ebpf4j.processor.base.Messages;
import io.ebpf4j.processor.format.FormatParser;
import java.io.IOException;
import java.io.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionalTest {

  /** The generated source, with every run of whitespace made one space. */
  private static String source(Compilation compilation, String type) throws IOException {
    return compilation
        .generatedSourceFile(type)
        .orElseThrow()
        .getCharContent(false)
        .toString()
        .replaceAll("\\s+", " ");
  }

  private static String resource(Compilation compilation, String path) throws IOException {
    return compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, path)
        .orElseThrow()
        .getCharContent(false)
        .toString();
  }

  private static long count(Compilation compilation, String type) {
    return compilation.generatedSourceFiles().stream()
        .filter(f -> f.getName().endsWith("/" + type.replace('.', '/') + ".java"))
        .count();
  }

  @Test
  void oneEventPerPackageForManyHandlers() throws IOException {
    Compilation compilation =
        snapshotCompiler()
            .compile(good("NetProbes"), good("MoreNetProbes"), good("TwoBinds"));
    assertThat(compilation).succeededWithoutWarnings();
    assertEquals(1, count(compilation, "com.example.BindEvent"));
    assertEquals(1, count(compilation, "com.example.ConnectEvent"));
    String program = source(compilation, "com.example.TwoBinds_Ebpf4jProgram");
    assertThat(program).contains("new ProbeSpec(0, \"com.example.TwoBinds.first(BindEvent)\"");
    assertThat(program)
        .contains("new ProbeSpec(1, \"com.example.TwoBinds.connect(ConnectEvent)\",");
    assertThat(program).contains("AttachPoint.syscallEntry(\"ebpf4j_kprobe_1\", \"connect\")");
    assertThat(program).contains("new ProbeSpec(2, \"com.example.TwoBinds.second(BindEvent)\"");
    String c = resource(compilation, "com/example/TwoBinds.bpf.c");
    assertThat(c).contains("int ebpf4j_tracepoint_2(struct ebpf4j_tp_2 *args) {");
    assertThat(c).contains("event->probe_id = 1;");
  }

  /** A record an earlier build generated, handed back as source, is kept rather than rejected. */
  @Test
  void keepsTheRecordOfAnEarlierBuild() {
    Compilation compilation =
        snapshotCompiler()
            .compile(
                good("NetProbes"),
                com.google.testing.compile.JavaFileObjects.forResource("golden/BindEvent.java"));
    assertThat(compilation).succeededWithoutWarnings();
    assertEquals(0, count(compilation, "com.example.BindEvent"));
    assertThat(compilation).generatedSourceFile("com.example.NetProbes_Ebpf4jProgram");
  }

  @Test
  void outputIsDeterministic() throws IOException {
    Compilation first = snapshotCompiler().compile(good("TwoBinds"), good("KillProbes"));
    Compilation second = snapshotCompiler().compile(good("KillProbes"), good("TwoBinds"));
    for (String type :
        List.of("com.example.BindEvent", "com.example.KillEvent", "com.example.TwoBinds_Ebpf4jProgram")) {
      assertEquals(source(first, type), source(second, type));
    }
    assertEquals(
        resource(first, "com/example/TwoBinds.bpf.c"), resource(second, "com/example/TwoBinds.bpf.c"));
  }

  /** A handler that another processor generates later still finds the record of round 1. */
  @Test
  void oneEventAcrossRounds() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new ProbeProcessor(), new LateHandlerGenerator())
            .withOptions("-Aebpf4j.formats=snapshot")
            .compile(good("NetProbes"));
    assertThat(compilation).succeededWithoutWarnings();
    assertEquals(1, count(compilation, "com.example.BindEvent"));
    assertThat(compilation).generatedSourceFile("com.example.LateProbes_Ebpf4jProgram");
  }

  @Test
  void sixArgumentsAndNone() throws IOException {
    Compilation compilation = snapshotCompiler().compile(good("SixArguments"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(source(compilation, "com.example.SendtoEvent"))
        .contains("int fd, long buff, long len, int flags, long addr, int addr_len)");
    assertThat(source(compilation, "com.example.MmapEvent"))
        .contains("long addr, long len, long prot, long flags, long fd, long off)");
    assertThat(source(compilation, "com.example.GetpidEvent"))
        .contains("record GetpidEvent(long timestampNanos, int pid, int tid, int uid, int gid,");
    String c = resource(compilation, "com/example/SixArguments.bpf.c");
    assertThat(c).contains("&EBPF4J_SYSCALL_PARM4(regs));");
    assertThat(c).contains("&PT_REGS_PARM6(regs));");
    assertThat(c).contains("static __always_inline int ebpf4j_emit_3(void) {");
    assertThat(c).contains("  return ebpf4j_emit_3();");
  }

  @Test
  void argumentNamedLikeAContextComponent() throws IOException {
    Compilation compilation = snapshotCompiler().compile(good("KillProbes"));
    assertThat(compilation).succeededWithoutWarnings();
    String record = source(compilation, "com.example.KillEvent");
    assertThat(record).contains("String comm, int pidArg, int sig)");
    assertThat(record).contains("@param pidArg {@code pid_t pid}");
    String c = resource(compilation, "com/example/KillProbes.bpf.c");
    assertThat(c).contains("  s32 pid_arg;\n");
    assertThat(c).contains("event->pid_arg = (s32) arg0;");
  }

  @Test
  void nestedAndGenericHandlers() throws Exception {
    Compilation compilation =
        snapshotCompiler().compile(good("Outer"), good("GenericProbes"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/Outer_Inner.bpf.c");
    String program = source(compilation, "com.example.Outer_Inner_Ebpf4jProgram");
    assertThat(program).contains("return \"com/example/Outer_Inner.bpf.c\";");
    assertThat(program).contains("\"com.example.Outer.Inner.onClose(CloseEvent)\"");
    GeneratedClasses classes = new GeneratedClasses(compilation);
    Class<?> inner = classes.loadClass("com.example.Outer$Inner");
    ProbeProgram<?> loaded =
        (ProbeProgram<?>)
            classes
                .loadClass(ProgramConventions.programClassName(inner))
                .getConstructor()
                .newInstance();
    assertEquals(inner, loaded.handlerType());
    assertThat(loaded.newHandler()).isInstanceOf(inner);
    ProbeProgram<?> generic =
        (ProbeProgram<?>)
            classes
                .loadClass("com.example.GenericProbes_Ebpf4jProgram")
                .getConstructor()
                .newInstance();
    assertEquals("com.example.GenericProbes", generic.handlerType().getName());
    assertThat(generic.newHandler()).isNotNull();
  }

  @Test
  void handlersThatNeedAnInstance() throws Exception {
    JavaFileObject inner = good("InnerProbes");
    JavaFileObject noDefault = good("NoDefaultConstructor");
    Compilation compilation = snapshotCompiler().compile(inner, noDefault);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining(Messages.startWithInstanceOnlyInner("com.example.InnerProbes.Inner"))
        .inFile(inner)
        .onLineContaining("class Inner {");
    assertThat(compilation)
        .hadWarningContaining(
            Messages.startWithInstanceOnlyNoConstructor("com.example.NoDefaultConstructor"))
        .inFile(noDefault)
        .onLineContaining("class NoDefaultConstructor");
    GeneratedClasses classes = new GeneratedClasses(compilation);
    ProbeProgram<?> program =
        (ProbeProgram<?>)
            classes
                .loadClass("com.example.InnerProbes_Inner_Ebpf4jProgram")
                .getConstructor()
                .newInstance();
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, program::newHandler);
    assertThat(e).hasMessageThat().contains("ProbeRuntime.start(Object)");
  }

  @SuppressWarnings("unchecked")
  @Test
  void dispatchDecodesAtTheLayoutOffsets() throws Exception {
    Compilation compilation = snapshotCompiler().compile(good("Recorder"));
    assertThat(compilation).succeededWithoutWarnings();
    GeneratedClasses classes = new GeneratedClasses(compilation);
    ProbeProgram<Object> program =
        (ProbeProgram<Object>)
            classes.loadClass("com.example.Recorder_Ebpf4jProgram").getConstructor().newInstance();
    assertEquals("com/example/Recorder.bpf.c", program.bpfSourceResource());
    assertEquals(
        List.of(
            new ProbeSpec(
                0,
                "com.example.Recorder.onBind(BindEvent)",
                List.of(AttachPoint.syscallEntry("ebpf4j_kprobe_0", "bind")),
                List.of(AttachPoint.tracepoint("ebpf4j_tracepoint_0", "syscalls:sys_enter_bind")),
                64),
            new ProbeSpec(
                1,
                "com.example.Recorder.onKill(KillEvent)",
                List.of(AttachPoint.syscallEntry("ebpf4j_kprobe_1", "kill")),
                List.of(AttachPoint.tracepoint("ebpf4j_tracepoint_1", "syscalls:sys_enter_kill")),
                56)),
        program.probes());
    Object handler = program.newHandler();
    EventDispatcher dispatcher = program.dispatcherFor(handler);
    List<Object> events = (List<Object>) handler.getClass().getField("events").get(handler);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bind = TestEvents.header(arena, 64, 0);
      bind.set(ValueLayout.JAVA_INT, 44, -1);
      bind.set(ValueLayout.JAVA_LONG, 48, 0xdeadbeefL);
      bind.set(ValueLayout.JAVA_INT, 56, 16);
      dispatcher.dispatch(bind);
      MemorySegment kill = TestEvents.header(arena, 56, 1);
      kill.set(ValueLayout.JAVA_INT, 44, 4321);
      kill.set(ValueLayout.JAVA_INT, 48, 9);
      dispatcher.dispatch(kill);
      assertEquals(
          List.of(
              "BindEvent[timestampNanos=123456789, pid=10, tid=11, uid=1000, gid=100, comm=nc,"
                  + " fd=-1, umyaddr=3735928559, addrlen=16]",
              "KillEvent[timestampNanos=123456789, pid=10, tid=11, uid=1000, gid=100, comm=nc,"
                  + " pidArg=4321, sig=9]"),
          events.stream().map(Object::toString).toList());

      IllegalArgumentException shortEvent =
          assertThrows(
              IllegalArgumentException.class, () -> dispatcher.dispatch(bind.asSlice(0, 60)));
      assertThat(shortEvent).hasMessageThat().contains("com.example.Recorder.onBind(BindEvent)");
      MemorySegment unknown = TestEvents.header(arena, 64, 7);
      IllegalArgumentException unknownId =
          assertThrows(IllegalArgumentException.class, () -> dispatcher.dispatch(unknown));
      assertThat(unknownId).hasMessageThat().contains("unknown probe id 7");
    }
    assertThrows(NullPointerException.class, () -> program.dispatcherFor(null));
  }


  static final String HEADER =
      """
      name: sys_enter_%s
      ID: 1
      format:
      \tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
      \tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
      \tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
      \tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

      \tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;
      """;

  private static Path writeFormat(Path events, String syscall, String fields) throws IOException {
    Path file = events.resolve("syscalls/sys_enter_" + syscall + "/format");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, HEADER.formatted(syscall) + fields + "\nprint fmt: \"\"\n", StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void awkwardArgumentNamesFromSyntheticFormats(@TempDir Path events) throws IOException {
    writeFormat(
        events,
        "weird",
        """
        \tfield:int data;\toffset:16;\tsize:8;\tsigned:0;
        \tfield:unsigned long ctx;\toffset:24;\tsize:8;\tsigned:0;
        \tfield:const char * class;\toffset:32;\tsize:8;\tsigned:0;
        \tfield:u32 event;\toffset:40;\tsize:8;\tsigned:0;
        \tfield:umode_t handler;\toffset:48;\tsize:8;\tsigned:0;
        \tfield:bool hashCode;\toffset:64;\tsize:8;\tsigned:0;
        """);
    Compilation compilation =
        Compilations.compilerWithFormats(events.toString()).compile(good("Weird"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(source(compilation, "com.example.WeirdEvent"))
        .contains(
            "String comm, int data, long ctx, long class_, int event, short handler,"
                + " boolean hashCode_)");
    String c = resource(compilation, "com/example/Weird.bpf.c");
    assertThat(c).contains("  u16 handler;\n  u8 hashCode;\n};");
    assertThat(c).contains("  u8 ebpf4j_pad_0[8];\n  s64 hashCode;\n");
    assertThat(compilation)
        .hadNoteContaining(Messages.formatSource(events.toString()));
  }

  @Test
  void malformedSyntheticFormatNamesFileAndLine(@TempDir Path events) throws IOException {
    Path file = writeFormat(events, "bind", "\tfield:int fd;\toffset:16;\tsize:8;\n");
    JavaFileObject probes = good("NetProbes");
    Compilation compilation = Compilations.compilerWithFormats(events.toString()).compile(probes);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.malformedFormat(file.toString(), 10, "expected " + FormatParser.FIELD_SYNTAX))
        .inFile(probes)
        .onLineContaining("@Kprobe");
  }

  @Test
  void unknownArgumentTypeIsAnError(@TempDir Path events) throws IOException {
    Path file =
        writeFormat(events, "bind", "\tfield:frob_t fd;\toffset:16;\tsize:8;\tsigned:0;\n");
    Compilation compilation =
        Compilations.compilerWithFormats(events.toString()).compile(good("NetProbes"));
    assertThat(compilation)
        .hadErrorContaining(
            Messages.unknownArgumentType("bind", "frob_t", "fd", file.toString(), 10));
  }

  @Test
  void formatsOptionMustBeADirectory() {
    Compilation compilation =
        Compilations.compilerWithFormats("/no/such/events").compile(good("NetProbes"));
    assertThat(compilation)
        .hadErrorContaining(Messages.formatsOptionNotADirectory(ProbeProcessor.FORMATS_OPTION, "/no/such/events"));
  }

  /** Generates, in the first round, a handler of bind in the same package as NetProbes. */
  static final class LateHandlerGenerator extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (done) {
        return false;
      }
      done = true;
      try (Writer writer =
          processingEnv.getFiler().createSourceFile("com.example.LateProbes").openWriter()) {
        writer.write(
            """
            package com.example;

            public class LateProbes {
              @io.ebpf4j.api.Kprobe("bind")
              void onBind(BindEvent e) {}
            }
            """);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return false;
    }
  }
}
