package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.good;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;

import com.google.testing.compile.Compilation;
import io.ebpf4j.processor.shape.ProbeShape;
import java.io.IOException;
import java.util.List;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * What the generated C includes: {@code <uapi/linux/ptrace.h>} only for a program with an entry
 * point that reads {@code struct pt_regs}, since every header costs clang time at every start.
 */
class IncludesTest {

  private static final String PTRACE = "#include <uapi/linux/ptrace.h>";

  private static String c(String handler) throws IOException {
    Compilation compilation = snapshotCompiler().compile(good(handler));
    assertThat(compilation).succeeded();
    return compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/" + handler + ".bpf.c")
        .orElseThrow()
        .getCharContent(false)
        .toString();
  }

  @Test
  void aTracepointProgramIncludesNoHeader() throws IOException {
    assertThat(c("ExecProbes")).doesNotContain("#include");
  }

  @Test
  void aSystemCallProgramIncludesTheRegisters() throws IOException {
    // Its kprobe entry points are compiled even where the runtime attaches the tracepoints.
    assertThat(c("NetProbes")).contains(PTRACE);
  }

  @Test
  void aProgramWithOneProbeThatReadsRegistersIncludesThemOnce() throws IOException {
    String c = c("AllKinds");
    assertThat(c.indexOf(PTRACE)).isAtLeast(0);
    assertThat(c.indexOf(PTRACE)).isEqualTo(c.lastIndexOf(PTRACE));
  }

  @Test
  void onlyTheTracepointShapeReadsNoRegisters() {
    List<ProbeShape> registers =
        List.of(
            ProbeShape.SYSCALL_ENTRY, ProbeShape.SYSCALL_RETURN, ProbeShape.SYSCALL_CALL,
            ProbeShape.KERNEL_ENTRY, ProbeShape.KERNEL_RETURN, ProbeShape.UPROBE,
            ProbeShape.URETPROBE, ProbeShape.USDT, ProbeShape.HOTSPOT);
    for (ProbeShape shape : registers) {
      assertThat(shape.readsRegisters()).isTrue();
    }
    assertThat(ProbeShape.TRACEPOINT.readsRegisters()).isFalse();
  }
}
