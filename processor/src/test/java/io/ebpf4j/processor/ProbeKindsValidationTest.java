package io.ebpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.bad;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.processor.base.Messages;
import java.util.Optional;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of the Javadoc of {@code Kprobe(function)}, {@code Kretprobe}, {@code
 * Tracepoint}, {@code Uprobe} and {@code Uretprobe}, each on a file under {@code bad/}, asserting
 * the line the error is on.
 */
class ProbeKindsValidationTest {

  private static void assertError(String file, String message, String line) {
    JavaFileObject source = bad(file);
    assertThat(snapshotCompiler().compile(source))
        .hadErrorContaining(message)
        .inFile(source)
        .onLineContaining(line);
  }

  @Test
  void exactlyOneOfValueAndFunction() {
    assertError("NeitherValueNorFunction", Messages.syscallOrFunction("@Kprobe"), "@Kprobe");
    assertError(
        "BothValueAndFunction", Messages.syscallOrFunction("@Kprobe"), "function = \"tcp");
  }

  @Test
  void withEntryIsOnlyForSystemCalls() {
    assertError("WithEntryOnFunction", Messages.withEntryOnlyForSyscalls(), "withEntry = true");
  }

  @Test
  void functionIsAName() {
    assertError(
        "BadFunctionName",
        Messages.badFunctionName("@Kprobe", "tcp v4 connect"),
        "function = \"tcp v4");
  }

  @Test
  void stringSizeIsInRange() {
    assertError(
        "StringSizeTooLarge",
        Messages.stringSizeOutOfRange("@Kprobe", 8192, Kprobe.MAX_STRING_SIZE),
        "stringSize = 8192");
    assertError(
        "StringSizeZero",
        Messages.stringSizeOutOfRange("@Tracepoint", 0, Kprobe.MAX_STRING_SIZE),
        "stringSize = 0");
  }

  @Test
  void unknownTracepointSuggestsTheClosest() {
    assertError(
        "UnknownTracepoint",
        Messages.unknownTracepoint(
            "sched:sched_proces_exec", Optional.of("sched:sched_process_exec")),
        "@Tracepoint");
  }

  @Test
  void tracepointIsCategoryAndName() {
    assertError(
        "TracepointWithoutCategory", Messages.tracepointSyntax("sched_process_exec"), "@Tracepoint");
  }

  @Test
  void kretprobeOfAnUnknownSyscallSuggestsTheClosest() {
    assertError(
        "UnknownSyscallReturn",
        Messages.unknownSyscall("@Kretprobe", "opnat", Optional.of("openat")),
        "@Kretprobe");
  }

  @Test
  void withEntryHandlerTakesTheCallEvent() {
    assertError(
        "WrongCallEvent",
        Messages.handlerParameters("com.example.OpenatCallEvent"),
        "OpenatReturnEvent e");
  }

  @Test
  void kernelCallArgumentsAreARecord() {
    assertError(
        "ArgumentsNotARecord", Messages.kernelCallNotARecord("java.lang.String"),
        "KernelCall<String> c");
  }

  @Test
  void kernelCallComponentsAreIntegers() {
    assertError(
        "ArgumentComponentType",
        Messages.kernelCallComponent(
            "com.example.ArgumentComponentType.Args", "name", "java.lang.String"),
        "KernelCall<Args> c");
  }

  @Test
  void kernelCallHasAtMostSixArguments() {
    assertError(
        "TooManyArguments",
        Messages.kernelCallTooMany("com.example.TooManyArguments.Args", 7, 6),
        "KernelCall<Args> c");
  }

  @Test
  void kernelCallArgumentsAreNotPrivate() {
    assertError(
        "PrivateArguments",
        Messages.kernelCallPrivate("com.example.PrivateArguments.Args"),
        "KernelCall<Args> c");
  }

  @Test
  void kernelFunctionHandlerTakesAKernelCall() {
    assertError(
        "KernelCallRaw",
        Messages.handlerParameters(Messages.KERNEL_CALL_PARAMETER),
        "UprobeEvent c");
  }

  @Test
  void uprobeBinaryIsNotEmpty() {
    assertError("EmptyBinary", Messages.uprobeEmpty("@Uprobe", "binary"), "binary = \"\"");
  }

  @Test
  void uprobePidIsAProcessOrEvery() {
    assertError("BadPid", Messages.uprobePid("@Uprobe", 0), "pid = 0");
  }

  @Test
  void uretprobeHandlerTakesAUretprobeEvent() {
    assertError(
        "WrongUretprobeEvent",
        Messages.handlerParameters("io.ebpf4j.api.UretprobeEvent"),
        "UprobeEvent e");
  }

  @Test
  void oneProbeAnnotationPerMethod() {
    assertError("TwoAnnotations", Messages.twoProbeAnnotations("onBind"), "@Kretprobe(\"bind\")");
  }

  /** The rules of the handler method name the annotation the probe came from. */
  @Test
  void nonVoidHandlerIsToldItsOwnAnnotation() {
    assertError(
        "TracepointNotVoid", Messages.handlerNotVoid("@Tracepoint", "onExec"), "boolean onExec");
    assertError("UprobeNotVoid", Messages.handlerNotVoid("@Uprobe", "onCall"), "long onCall");
  }

  @Test
  void staticHandlerIsToldItsOwnAnnotation() {
    assertError(
        "UretprobeStatic", Messages.handlerStatic("@Uretprobe", "onReturn"), "static void onReturn");
  }

  /** A class's rules name every probe annotation its methods carry, in source order. */
  @Test
  void classIsToldItsOwnAnnotations() {
    assertError(
        "MixedAbstractClass",
        Messages.classAbstract("@Tracepoint and @Uprobe", "com.example.MixedAbstractClass"),
        "abstract class MixedAbstractClass");
  }
}
