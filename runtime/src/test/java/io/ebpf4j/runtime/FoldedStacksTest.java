package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Frame;
import io.ebpf4j.api.StackTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Folded stacks and the flame graph made from them, from stacks built by hand. */
class FoldedStacksTest {
  private static ProfiledStack stack(int pid, String comm, List<String> kernel, List<String> user, long n) {
    return new ProfiledStack(pid, comm, trace(kernel, Frame.Kind.KERNEL), trace(user, Frame.Kind.NATIVE), n);
  }

  private static StackTrace trace(List<String> names, Frame.Kind kind) {
    return names.isEmpty()
        ? StackTrace.none("none here")
        : StackTrace.of(names.stream().map(n -> new Frame(0x1000, kind, n, 0, "m", "")).toList());
  }

  private static final Profile PROFILE =
      new Profile(
          List.of(
              stack(7, "busy", List.of(), List.of("spin", "main", "__libc_start_main"), 90),
              stack(7, "busy", List.of("do_syscall_64", "entry_SYSCALL_64"), List.of("write", "main"), 9),
              stack(8, "a;b", List.of(), List.of("L[Ljava/lang/String;"), 1)),
          100,
          2,
          0);

  @Test
  void linesAreOutermostFirstWithCommAtTheRootAndKernelFramesMarked() {
    assertEquals(
        """
        busy;__libc_start_main;main;spin 90
        busy;main;write;entry_SYSCALL_64_[k];do_syscall_64_[k] 9
        a:b;L[Ljava/lang/String: 1
        """,
        PROFILE.folded());
  }

  @Test
  void mostSampledFirstWhateverTheOrderGiven() {
    Profile p = new Profile(PROFILE.stacks().reversed(), 100, 0, 0);
    assertEquals(List.of(90L, 9L, 1L), p.stacks().stream().map(ProfiledStack::samples).toList());
    assertEquals("do_syscall_64_[k]", p.stacks().get(1).leaf());
    assertEquals("spin", p.top(1).get(0).leaf());
    assertEquals(99, p.ofProcess(7).samples());
  }

  @Test
  void stacksOfTheSameNamesMergeAndStayInOrder() {
    Profile p =
        new Profile(
            List.of(
                stack(7, "busy", List.of(), List.of("spin", "main"), 5),
                stack(7, "busy", List.of(), List.of("write", "main"), 8),
                stack(7, "busy", List.of(), List.of("spin", "main"), 4)),
            17,
            1,
            0);
    Profile merged = p.mergedByName();
    assertEquals(List.of(9L, 8L), merged.stacks().stream().map(ProfiledStack::samples).toList());
    assertEquals("spin", merged.stacks().get(0).leaf());
    assertEquals(17, merged.samples());
    assertEquals(1, merged.lostStacks());
  }

  @Test
  void theInnermostJavaFrameIsFoundBelowNativeAndStubFrames() {
    Frame hot = new Frame(3, Frame.Kind.JAVA_COMPILED, "long Busy.spin(long)", 0, "[jit]", "");
    ProfiledStack s =
        new ProfiledStack(
            9,
            "java",
            StackTrace.none("user space"),
            StackTrace.of(
                List.of(
                    new Frame(1, Frame.Kind.NATIVE, "memcpy", 0, "libc.so.6", ""),
                    new Frame(2, Frame.Kind.STUB, "StubRoutines", 0, "[jit]", ""),
                    hot,
                    Frame.unresolved(4, Frame.Kind.JAVA_INTERPRETED, "[jit]", ""))),
            5);
    assertEquals(java.util.Optional.of(hot), s.innermostJavaFrame());
    assertEquals(List.of("[interpreter]", "long Busy.spin(long)", "StubRoutines", "memcpy"), s.frames());
    assertEquals("memcpy", s.leaf());
  }

  @Test
  void parsesWhatItWritesAndNamesALineWithoutCount() {
    FoldedStacks.Folded f = FoldedStacks.parse("busy;main;spin with spaces 42");
    assertEquals(List.of("busy", "main", "spin with spaces"), f.frames());
    assertEquals(42, f.samples());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FoldedStacks.parse("busy;main"));
    assertEquals(
        "a folded stack line is `frame;frame;frame count`; this one has no count at its end:"
            + " `busy;main`",
        e.getMessage());
  }

  @Test
  void flameGraphSumsCallersAndEscapesNamesForScript() {
    FlameGraph graph =
        FlameGraph.ofFolded(List.of("a;b;c 3", "", "a;b 2", "a;</script><b>&x 1")).title("<t>");
    assertEquals(6, graph.samples());
    String html = graph.html();
    String data =
        html.substring(html.indexOf("type=\"application/json\">") + 24, html.indexOf("</script>"));
    assertEquals(
        "{\"n\":\"all\",\"v\":6,\"c\":[{\"n\":\"a\",\"v\":6,\"c\":[{\"n\":\"\\u003c/script\\u003e"
            + "\\u003cb\\u003e\\u0026x\",\"v\":1},{\"n\":\"b\",\"v\":5,\"c\":[{\"n\":\"c\",\"v\":3}]}]}]}",
        data);
    assertTrue(html.contains("<title>&lt;t&gt;</title>"), html);
    // Self-contained: the only address is the SVG namespace's, which is a name, not a fetch.
    assertEquals(
        List.of(),
        java.util.regex.Pattern.compile("https?://[^\"]*").matcher(html).results()
            .map(java.util.regex.MatchResult::group)
            .filter(u -> !u.equals("http://www.w3.org/2000/svg"))
            .toList());
  }
}
