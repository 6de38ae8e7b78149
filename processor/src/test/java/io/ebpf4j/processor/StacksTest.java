package io.ebpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.bad;
import static io.ebpf4j.processor.Compilations.good;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.ebpf4j.processor.base.Messages;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The {@code stacks} element of the probe annotations: the rules its Javadoc states, each on a
 * file under {@code bad/}, and what a program with stacks generates.
 */
class StacksTest {

  private static Compilation compile(JavaFileObject file) {
    return snapshotCompiler().compile(file);
  }

  private static String c(Compilation compilation, String path) throws IOException {
    return compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, path)
        .orElseThrow()
        .getCharContent(false)
        .toString();
  }

  private static String source(Compilation compilation, String type) throws IOException {
    return compilation.generatedSourceFile(type).orElseThrow().getCharContent(false).toString();
  }

  @Test
  void stacksNeedAGeneratedRecord() {
    JavaFileObject file = bad("StacksOnFunction");
    assertThat(compile(file))
        .hadErrorContaining(Messages.stacksNeedRecord("@Kprobe"))
        .inFile(file)
        .onLineContaining("stacks = Stack.KERNEL");
  }

  @Test
  void stacksCannotBeAggregated() {
    JavaFileObject file = bad("StacksOnAggregate");
    assertThat(compile(file))
        .hadErrorContaining(Messages.stacksOnAggregate())
        .inFile(file)
        .onLineContaining("stacks = Stack.USER");
  }

  @Test
  void oneRecordTakesStacksForEveryProbeOrNone() {
    JavaFileObject file = bad("StacksMixed");
    assertThat(compile(file))
        .hadErrorContaining(
            Messages.stacksMismatch("com.example.GetppidEvent", "@Kprobe(\"getppid\")", false))
        .inFile(file)
        .onLineContaining("stacks = Stack.KERNEL");
  }

  @Test
  void theCTakesEachStackFromTheProgramsContextBeforeSubmitting() throws IOException {
    Compilation compilation = compile(good("StackProbes"));
    assertThat(compilation).succeeded();
    String c = c(compilation, "com/example/StackProbes.bpf.c");
    assertTrue(c.contains("BPF_STACK_TRACE(ebpf4j_stacks, EBPF4J_STACK_MAP_SIZE);"), c);
    assertTrue(c.contains("#define EBPF4J_STACK_MAP_SIZE 16384"), c);
    // The syscall's emit function takes the context from the kprobe and from the tracepoint.
    assertTrue(c.contains("static __always_inline int ebpf4j_emit_0(void *ctx, u64 arg0,"), c);
    assertTrue(c.contains("return ebpf4j_emit_0(ctx, arg0, arg1, arg2);"), c);
    assertTrue(c.contains("return ebpf4j_emit_0(args, args->fd, args->umyaddr, args->addrlen);"), c);
    assertTrue(c.contains("event->ebpf4j_kernel_stack = ebpf4j_stacks.get_stackid(ctx, 0);"), c);
    assertTrue(
        c.contains("event->ebpf4j_user_stack = ebpf4j_stacks.get_stackid(ctx, BPF_F_USER_STACK);"),
        c);
    // The tracepoint's program is its own context; it takes only the kernel stack.
    assertTrue(c.contains("event->ebpf4j_kernel_stack = ebpf4j_stacks.get_stackid(args, 0);"), c);
    // withEntry: the stack is the return's, taken in the complete function; the stash has none.
    assertTrue(c.contains("static __always_inline int ebpf4j_complete_2(void *ctx, u64 ret)"), c);
    assertTrue(c.contains("return ebpf4j_complete_2(ctx, PT_REGS_RC(ctx));"), c);
    assertTrue(c.contains("return ebpf4j_complete_2(args, args->ret);"), c);
    assertFalse(c.contains("ebpf4j_stash_2(void *ctx"), c);
    assertTrue(
        c.indexOf("get_stackid(ctx, BPF_F_USER_STACK)")
            < c.indexOf("ringbuf_submit", c.indexOf("ebpf4j_complete_2(void")),
        "taken last, once the event has its room: " + c);
  }

  @Test
  void theStackSlotsFollowTheMembersAndTheDecoderReadsThemThere() throws IOException {
    Compilation compilation = compile(good("StackProbes"));
    String c = c(compilation, "com/example/StackProbes.bpf.c");
    Matcher slot =
        Pattern.compile(
                "offsetof\\(struct ebpf4j_event_0, ebpf4j_kernel_stack\\) == (\\d+)")
            .matcher(c);
    assertTrue(slot.find(), c);
    int offset = Integer.parseInt(slot.group(1));
    assertEquals(60, offset, "after addrlen at 56: " + c);
    assertTrue(c.contains("_Static_assert(sizeof(struct ebpf4j_event_0) == 72"), c);
    String program = source(compilation, "com.example.StackProbes_Ebpf4jProgram");
    assertTrue(program.contains("probe0$stackIds$OFFSET = " + offset), program);
    assertTrue(
        program.contains(
            "stacks.stacks(event.get(ValueLayout.JAVA_INT, EventHeader.PID_OFFSET),"
                + " event.get(ValueLayout.JAVA_INT, probe0$stackIds$OFFSET),"
                + " event.get(ValueLayout.JAVA_INT, probe0$stackIds$OFFSET + 4))"),
        program);
    assertTrue(program.contains("EventStacks.NOT_REQUESTED"), "onSwitch takes no user stack");
    assertTrue(program.contains("return dispatcherFor(handler, StackSource.NONE);"), program);
  }

  @Test
  void theRecordCarriesTheStacksAndResolvesThemOnCall() throws IOException {
    Compilation compilation = compile(good("StackProbes"));
    String record = source(compilation, "com.example.BindEvent");
    assertTrue(record.contains("int addrlen, EventStacks stacks)"), record);
    assertTrue(record.contains("public StackTrace kernelStack() {"), record);
    assertTrue(record.contains("return stacks.user();"), record);
  }

  @Test
  void programsWithoutStacksDeclareNoStackMap() throws IOException {
    Compilation compilation = compile(good("NetProbes"));
    assertThat(compilation).succeeded();
    String c = c(compilation, "com/example/NetProbes.bpf.c");
    assertFalse(c.contains("stack"), c);
    assertFalse(
        source(compilation, "com.example.NetProbes_Ebpf4jProgram").contains("StackSource"));
  }
  /** bpf_get_stackid gives -EFAULT for the kernel stack at a uprobe, seen in the kernel test. */
  @Test
  void aUprobeHasNoKernelStack() {
    JavaFileObject file = bad("StacksKernelOnUprobe");
    assertThat(compile(file))
        .hadErrorContaining("Stack.KERNEL on @Uprobe: a probe in user space")
        .inFile(file)
        .onLineContaining("stacks = {Stack.KERNEL, Stack.USER}");
  }

  @Test
  void anAggregatedHotspotProbeTakesNoStacks() {
    JavaFileObject file = bad("StacksOnAggregateHotspot");
    assertThat(compile(file))
        .hadErrorContaining(Messages.stacksOnAggregate())
        .inFile(file)
        .onLineContaining("stacks = Stack.USER");
  }

  @Test
  void oneHotspotRecordTakesStacksForEveryProbeOrNone() {
    JavaFileObject file = bad("StacksMixedHotspot");
    assertThat(compile(file))
        .hadErrorContaining(
            Messages.stacksMismatch(
                "com.example.ThreadStartEvent", "@Hotspot(\"thread__start\")", false))
        .inFile(file)
        .onLineContaining("stacks = Stack.USER");
  }

  @Test
  void uprobesAndUretprobesPassTheirContextAndTheApiRecordCarriesTheStacks() throws IOException {
    Compilation compilation = compile(good("UserStackProbes"));
    assertThat(compilation).succeeded();
    String c = c(compilation, "com/example/UserStackProbes.bpf.c");
    assertTrue(c.contains("BPF_STACK_TRACE(ebpf4j_stacks, EBPF4J_STACK_MAP_SIZE);"), c);
    assertTrue(
        c.contains("return ebpf4j_emit_0(ctx, PT_REGS_PARM1(ctx), PT_REGS_PARM2(ctx),"), c);
    assertTrue(
        c.contains("event->ebpf4j_user_stack = ebpf4j_stacks.get_stackid(ctx, BPF_F_USER_STACK);"),
        c);
    assertFalse(c.contains("get_stackid(ctx, 0)"), "no kernel stack in user space: " + c);
    // The probe without stacks is written as before.
    assertTrue(c.contains("return ebpf4j_emit_1(PT_REGS_PARM1(ctx), PT_REGS_PARM2(ctx),"), c);
    assertTrue(c.contains("return ebpf4j_emit_2(ctx, PT_REGS_RC(ctx));"), c);
    String program = source(compilation, "com.example.UserStackProbes_Ebpf4jProgram");
    assertTrue(program.contains("probe0$stackIds$OFFSET"), program);
    assertFalse(program.contains("probe1$stackIds$OFFSET"), program);
  }

  @Test
  void aUsdtProbeWithStacksTakesTheContextAndSaysSoToTheRuntime() throws IOException {
    Compilation compilation = compile(good("UserStackProbes"));
    String c = c(compilation, "com/example/UserStackProbes.bpf.c");
    assertTrue(c.contains("#define ebpf4j_emit_3_ctx 1"), c);
    assertTrue(c.contains("static __always_inline int ebpf4j_emit_3(void *ctx, u64 arg0,"), c);
    assertTrue(
        c.contains("event->ebpf4j_user_stack = ebpf4j_stacks.get_stackid(ctx, BPF_F_USER_STACK);"),
        c);
    String record = source(compilation, "com.example.ThreadStartEvent");
    assertTrue(record.contains("EventStacks stacks)"), record);
    assertTrue(record.contains("public StackTrace userStack() {"), record);
  }
}
