package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.AttachKind;
import io.ebpf4j.api.Frame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sampling on the real kernel: a busy workload's function is on top of its profile by name, a
 * C program's as bcc's {@code profile} sees it too, a JVM's Java method from its perf map; the
 * flame graph renders in a browser; the events this machine has.
 */
@RequiresKernel
class ProfilerKernelTest {
  @TempDir Path dir;

  @Test
  void aNativeFunctionTopsItsProcessProfileByNameAsInBccsProfile() throws Exception {
    Path binary = Workloads.compileNative(dir);
    try (Workloads.Running spin = Workloads.startNative(binary, 60);
        Profiler profiler = Profiler.start(99, spin.pid())) {
      assertEquals(AttachKind.PERF_EVENT, profiler.attachments().get(0).kind());
      // bcc's profile, on the same process meanwhile: -f folded, 3 seconds.
      String bcc =
          Workloads.run(
              List.of("profile-bpfcc", "-F", "99", "-f", "-p", String.valueOf(spin.pid()), "3"),
              180);
      Profile profile = profiler.profile();

      // 99 Hz for 3 s or more on a process that is runnable all along, on a machine shared
      // with others: fewer than 297, but many.
      assertTrue(profile.samples() >= 30, profile.toString());
      assertTrue(profile.stacks().stream().allMatch(s -> s.pid() == spin.pid()), profile.folded());
      assertTrue(
          profile.stacks().stream().allMatch(s -> s.comm().equals("native_spin")), profile.folded());
      assertEquals(
          profile.samples(), profile.stacks().stream().mapToLong(ProfiledStack::samples).sum());
      ProfiledStack top = profile.stacks().get(0);
      Frame leaf = top.userStack().frames().get(0);
      assertEquals(Workloads.NATIVE_FUNCTION, leaf.symbol(), top.userStack().toString());
      assertEquals(Frame.Kind.NATIVE, leaf.kind());
      assertTrue(leaf.module().endsWith("native_spin"), leaf.toString());
      // Walked by frame pointers beyond the sampled instruction: its callers are there too.
      assertTrue(top.userStack().depth() >= 2, top.userStack().toString());

      FoldedStacks.Folded bccTop =
          bcc.lines()
              .filter(l -> !l.isBlank())
              .map(FoldedStacks::parse)
              .max(Comparator.comparingLong(FoldedStacks.Folded::samples))
              .orElseThrow(() -> new AssertionError("bcc's profile printed no stack:\n" + bcc));
      assertEquals(
          Workloads.NATIVE_FUNCTION, bccTop.frames().getLast(), "bcc's top stack:\n" + bcc);
      assertEquals(top.leaf(), bccTop.frames().getLast());

      profiler.clear();
      assertTrue(
          profiler.profile().samples() < profile.samples(), "clear() forgets what was counted");
    }
  }

  @Test
  void aJavaMethodTopsItsJvmsProfileByItsJavaNameAndTheFlameGraphRenders() throws Exception {
    try (Workloads.Running jvm = Workloads.startJava(60);
        Profiler profiler = Profiler.start(99, jvm.pid())) {
      // Let the JIT compile the method, then count afresh: interpreted samples name no method.
      Thread.sleep(2_000);
      profiler.clear();
      Thread.sleep(3_000);
      Profile profile = profiler.profile();
      // A perf map comes from jcmd, whose attach can time out on a loaded machine; the
      // symbolizer asks again on a miss a second later, as it does for any user.
      for (int read = 1; read < 3 && profile.stacks().get(0).innermostJavaFrame().isEmpty(); read++) {
        Thread.sleep(1_100);
        profile = profiler.profile();
      }
      ProfiledStack top = profile.stacks().get(0);
      Frame java =
          top.innermostJavaFrame()
              .orElseThrow(() -> new AssertionError("no Java frame in the top stack:\n" + top));
      assertEquals(Frame.Kind.JAVA_COMPILED, java.kind(), top.userStack().toString());
      assertTrue(
          java.symbol().contains("io.ebpf4j.runtime.SpinningJava." + Workloads.JAVA_METHOD + "("),
          top.userStack().toString());
      assertEquals(java, top.userStack().frames().get(0), "the method is the innermost frame");

      Path page = dir.resolve("flame.html");
      FlameGraph.of(profile).title("SpinningJava").writeHtml(page);
      String dom = Chromium.dumpDom(page, dir.resolve("chromium"));
      // The frames' <title>s exist only once the page's script has drawn them: the data itself
      // is JSON, whose '<' is escaped.
      assertTrue(
          Pattern.compile("<title>[^<]*SpinningJava\\." + Workloads.JAVA_METHOD).matcher(dom).find(),
          "the method drawn as a frame in:\n" + dom.substring(0, Math.min(dom.length(), 3000)));
      assertTrue(dom.contains("<rect"), "rectangles drawn");

      // Searched, as a link can open it: the method's frame highlighted and its share counted.
      String method = "SpinningJava\\." + Workloads.JAVA_METHOD;
      String searched = Chromium.dumpDom(page.toUri() + "#s=" + method, dir.resolve("chromium"));
      java.util.regex.Matcher share =
          Pattern.compile("matched (\\d+\\.\\d)% of samples").matcher(searched);
      assertTrue(share.find(), "the search's share in:\n" + head(searched));
      double expected = 100.0 * profile.stacks().stream()
          .filter(s -> s.frames().stream().anyMatch(f -> f.contains(Workloads.JAVA_METHOD)))
          .mapToLong(ProfiledStack::samples).sum() / profile.samples();
      assertEquals(expected, Double.parseDouble(share.group(1)), 0.06);
      assertTrue(
          Pattern.compile("<g><title>[^<]*" + method + "[^<]*</title><rect [^>]*fill=\"#e040e0\"")
              .matcher(searched).find(),
          "the method's frame highlighted in:\n" + head(searched));
    }
  }

  @Test
  void theFlameGraphZoomsIntoAFrameAsALinkAsks() {
    Path page = dir.resolve("zoom.html");
    try {
      FlameGraph.ofFolded(List.of("main;work;spin 3", "main;idle 1")).writeHtml(page);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String whole = Chromium.dumpDom(page.toUri().toString(), dir.resolve("chromium"));
    int width = svgWidth(whole);
    // Three samples of four: three quarters of the width, beside idle.
    assertEquals(0.75 * width - 0.5, frameWidth(whole, "work"), 0.2);
    assertTrue(whole.contains("<title>idle "), head(whole));

    String zoomed = Chromium.dumpDom(page.toUri() + "#z=^work$", dir.resolve("chromium"));
    assertEquals(width - 0.5, frameWidth(zoomed, "work"), 0.01);
    assertEquals(width - 0.5, frameWidth(zoomed, "spin"), 0.01);
    assertEquals(width - 0.5, frameWidth(zoomed, "main"), 0.01, "its callers span the width too");
    assertFalse(zoomed.contains("<title>idle "), "a frame outside the zoomed one is not drawn");
  }

  private static int svgWidth(String dom) {
    java.util.regex.Matcher svg = Pattern.compile("<svg id=\"graph\"[^>]* width=\"(\\d+)\"").matcher(dom);
    assertTrue(svg.find(), head(dom));
    return Integer.parseInt(svg.group(1));
  }

  private static double frameWidth(String dom, String name) {
    java.util.regex.Matcher frame =
        Pattern.compile("<g><title>" + name + " \\([^<]*</title><rect x=\"[\\d.]+\" y=\"\\d+\" width=\"([\\d.]+)\"")
            .matcher(dom);
    assertTrue(frame.find(), name + " drawn in:\n" + head(dom));
    return Double.parseDouble(frame.group(1));
  }

  private static String head(String dom) {
    return dom.substring(0, Math.min(dom.length(), 3000));
  }

  @Test
  void aHardwareEventIsSampledWhereThereIsAPmuAndElseNamesTheSoftwareClock() {
    // The kernel lists a CPU PMU here when the machine has one: a VM without a virtual PMU has none.
    boolean pmu = Files.isDirectory(Path.of("/sys/bus/event_source/devices/cpu"));
    if (pmu) {
      try (Profiler profiler = Profiler.sampling(SampleEvent.CYCLES).hz(49).start()) {
        assertEquals("cycles@49", profiler.attachments().get(0).target());
      }
    } else {
      Ebpf4jException e =
          assertThrows(
              Ebpf4jException.class, () -> Profiler.sampling(SampleEvent.CYCLES).hz(49).start());
      assertTrue(
          e.getMessage().contains("this machine has no hardware event cycles"), e.getMessage());
      assertTrue(e.getMessage().contains("SampleEvent.CPU_CLOCK"), e.getMessage());
    }
  }
}
