package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Frame;
import io.ebpf4j.api.StackTrace;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@link Symbolizer} over a made-up {@code /proc}: a JVM's maps, command line and perf map, a
 * fake ELF symbol source and a fake {@code jcmd}, and a clock the test moves. No root.
 */
class SymbolizerTest {
  private static final int PID = 4242;
  private static final long CAT_TEXT = 0x5626ea0cb000L;
  private static final long CODE_CACHE = 0x7f6f87938000L;
  private static final long HOT_METHOD = 0x7f6f87ec7c80L;
  private static final long INTERPRETER = 0x7f6f8793fd60L;

  @TempDir Path proc;

  private final List<String> jcmdRuns = new ArrayList<>();
  private final List<String> elfOpens = new ArrayList<>();
  private long now = 1_000_000_000_000L;
  private String perfMapAfterJcmd = "";
  private Symbolizer symbolizer;

  @BeforeEach
  void setUp() throws IOException {
    Path process = Files.createDirectories(proc.resolve(Integer.toString(PID)));
    Files.writeString(
        process.resolve("maps"),
        """
        5626ea0cb000-5626ea0d0000 r-xp 00002000 fe:00 260131    /usr/bin/busy
        7f6f87938000-7f6f8f938000 rwxp 00000000 00:00 0
        7fef5bb07000-7fef5bc5d000 r-xp 00026000 fe:00 339380    /jdk/lib/server/libjvm.so
        """);
    Files.writeString(process.resolve("status"), "Name:\tjava\nNSpid:\t" + PID + "\n");
    Files.createDirectories(process.resolve("root/tmp"));
    commandLine("java", "-XX:+PreserveFramePointer", "Busy");
    Jcmd jcmd =
        (tool, pid, command) -> {
          jcmdRuns.add(pid + " " + command);
          if (command.equals("Compiler.perfmap") && !perfMapAfterJcmd.isEmpty()) {
            try {
              Files.writeString(perfMapPath(), perfMapAfterJcmd);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
          }
          return new Jcmd.Result(true, "");
        };
    NativeSymbols elf =
        pid -> {
          elfOpens.add(Integer.toString(pid));
          return new NativeSymbols.Cache() {
            @Override
            public Optional<Libbcc.SymbolAt> resolve(long address) {
              if (address >= CAT_TEXT && address < CAT_TEXT + 0x100) {
                return Optional.of(
                    new Libbcc.SymbolAt("spin_here", "/usr/bin/busy", address - CAT_TEXT));
              }
              if (address >= CAT_TEXT + 0x100 && address < CAT_TEXT + 0x5000) {
                return Optional.of(new Libbcc.SymbolAt(null, "/usr/bin/busy", 0x2100));
              }
              return Optional.empty();
            }

            @Override
            public void refresh() {}

            @Override
            public void close() {}
          };
        };
    symbolizer =
        new Symbolizer(
            () -> {
              try {
                return Kallsyms.parse(
                    new StringReader("ffffffff81002000 t __do_sys_getppid\n"));
              } catch (IOException e) {
                throw new AssertionError(e);
              }
            },
            proc,
            elf,
            jcmd,
            () -> now);
  }

  private void commandLine(String... words) throws IOException {
    Files.writeString(
        proc.resolve(PID + "/cmdline"), String.join("\0", words) + "\0");
  }

  private Path perfMapPath() {
    return proc.resolve(PID + "/root/tmp/perf-" + PID + ".map");
  }

  private static final String PERF_MAP =
      "0x00007f6f87ec7c80 0xd8 long Busy.hotMethodXyz(long)\n"
          + "0x00007f6f8793fd60 0x194c8 Interpreter\n"
          + "0x00007f6f879592e0 0x4c8 I2C/C2I adapters\n";

  @Test
  void framesOfEveryKindInOneJavaStack() throws IOException {
    Files.writeString(perfMapPath(), PERF_MAP);
    StackTrace stack =
        symbolizer.user(
            PID,
            new long[] {
              HOT_METHOD + 8, INTERPRETER + 0x40, 0x7f6f879592e0L, CAT_TEXT + 0x10,
              CAT_TEXT + 0x200, CODE_CACHE + 0x10, 0x1000
            });
    List<Frame> frames = stack.frames();
    assertEquals(Frame.Kind.JAVA_COMPILED, frames.get(0).kind());
    assertEquals("long Busy.hotMethodXyz(long)", frames.get(0).name());
    assertEquals(Frame.Kind.JAVA_INTERPRETED, frames.get(1).kind());
    assertEquals("[interpreter]", frames.get(1).name());
    assertEquals(Frame.Kind.STUB, frames.get(2).kind());
    assertEquals(Frame.Kind.NATIVE, frames.get(3).kind());
    assertEquals("spin_here+0x10 [/usr/bin/busy]", frames.get(3).toString());
    assertEquals(Frame.Kind.NATIVE, frames.get(4).kind());
    assertFalse(frames.get(4).resolved(), "no symbol there");
    assertTrue(frames.get(4).note().contains("no symbol"), frames.get(4).note());
    assertEquals(Frame.Kind.UNKNOWN, frames.get(5).kind());
    assertTrue(frames.get(5).note().contains("does not list"), frames.get(5).note());
    assertEquals("[unknown]", frames.get(6).name());
    assertTrue(frames.get(6).note().contains("in no mapping"), frames.get(6).note());
    assertFalse(stack.partial(), "the JVM preserves frame pointers: " + stack.reason());
    assertTrue(stack.contains("long Busy.hotMethodXyz(long)"));
  }

  @Test
  void aJvmWithoutPreserveFramePointerHasPartialStacks() throws IOException {
    commandLine("java", "-XX:+PreserveFramePointer", "-XX:-PreserveFramePointer", "Busy");
    Files.writeString(perfMapPath(), PERF_MAP);
    StackTrace stack = symbolizer.user(PID, new long[] {HOT_METHOD});
    assertTrue(stack.present());
    assertTrue(stack.partial());
    assertTrue(stack.reason().contains("-XX:+PreserveFramePointer"), stack.reason());
    assertEquals("long Busy.hotMethodXyz(long)", stack.frames().get(0).symbol());
    assertTrue(jcmdRuns.isEmpty(), "the command line said it: " + jcmdRuns);
  }

  @Test
  void aJvmWhoseCommandLineIsSilentIsAskedForItsFlags() throws IOException {
    commandLine("java", "Busy");
    Files.writeString(perfMapPath(), PERF_MAP);
    StackTrace stack = symbolizer.user(PID, new long[] {HOT_METHOD});
    assertEquals(List.of(PID + " VM.flags"), jcmdRuns);
    assertTrue(stack.partial(), "VM.flags did not list it");
  }

  @Test
  void aMissingPerfMapIsRequestedOnceASecondAndThenResolves() {
    Frame first = symbolizer.userFrame(PID, HOT_METHOD);
    assertEquals(List.of(PID + " Compiler.perfmap"), jcmdRuns);
    assertEquals(Frame.Kind.UNKNOWN, first.kind());
    assertTrue(first.note().contains("no perf map"), first.note());
    assertTrue(first.note().contains("jcmd " + PID + " Compiler.perfmap"), first.note());

    perfMapAfterJcmd = PERF_MAP;
    assertFalse(symbolizer.userFrame(PID, HOT_METHOD).resolved(), "too soon to ask again");
    assertEquals(1, jcmdRuns.size());

    now += ProcessSymbols.REFRESH_NANOS;
    Frame later = symbolizer.userFrame(PID, HOT_METHOD);
    assertEquals(2, jcmdRuns.size());
    assertEquals("long Busy.hotMethodXyz(long)", later.symbol());
    symbolizer.userFrame(PID, HOT_METHOD);
    assertEquals(2, jcmdRuns.size(), "a resolved frame is cached");
  }

  @Test
  void aPassiveSymbolizerNeverRunsJcmdAndSaysHowToGetAMap() {
    Symbolizer passive =
        new Symbolizer(
            () -> {
              throw new AssertionError("no kernel frames here");
            },
            proc,
            pid -> {
              throw new IllegalStateException("no ELF here");
            },
            null,
            () -> now);
    Frame frame = passive.userFrame(PID, HOT_METHOD);
    assertNull(frame.symbol());
    assertTrue(frame.note().contains("run jcmd " + PID + " Compiler.perfmap"), frame.note());
    Frame nativeFrame = passive.userFrame(PID, CAT_TEXT);
    assertEquals(Frame.Kind.NATIVE, nativeFrame.kind());
    assertEquals("/usr/bin/busy", nativeFrame.module());
    assertTrue(nativeFrame.note().contains("no ELF here"), nativeFrame.note());
  }

  @Test
  void anExitedProcessGivesUnknownFramesNotAnException() {
    Frame frame = symbolizer.userFrame(99999, 0x400000);
    assertEquals(Frame.Kind.UNKNOWN, frame.kind());
    assertTrue(frame.note().contains("has exited"), frame.note());
  }

  @Test
  void kernelFramesComeFromKallsyms() {
    StackTrace stack = symbolizer.kernel(new long[] {0xffffffff81002010L});
    assertEquals("__do_sys_getppid+0x10 [vmlinux]", stack.frames().get(0).toString());
    assertFalse(stack.partial());
  }

  @Test
  void aClosedSymbolizerRefusesUserStacks() {
    symbolizer.userFrame(PID, CAT_TEXT);
    symbolizer.close();
    assertThrows(IllegalStateException.class, () -> symbolizer.userFrame(PID, CAT_TEXT));
  }

  @Test
  void noStackSaysWhy() {
    StackTrace none = StackTrace.none(StackErrors.whyNone(-14, true));
    assertFalse(none.present());
    assertTrue(none.partial());
    assertTrue(none.frames().isEmpty());
    assertTrue(none.reason().contains("idle"), none.reason());
    assertTrue(StackErrors.whyNone(-12, false).contains("full"));
    assertTrue(StackErrors.whyNone(-17, false).contains("collision"));
  }

  @Test
  void processesThatExitedAreDroppedOnceManyAreKept() {
    for (int pid = 100_000; pid < 100_000 + 3 * Symbolizer.PRUNE_AT; pid++) {
      symbolizer.userFrame(pid, 0x400000);
    }
    symbolizer.userFrame(PID, CAT_TEXT);
    assertTrue(
        symbolizer.processCount() <= Symbolizer.PRUNE_AT,
        "exited processes are dropped: " + symbolizer.processCount());
    symbolizer.userFrame(100_000, 0x400000);
    assertTrue(symbolizer.processCount() >= 2, "the live one is kept");
  }

  @Test
  void theFlagInJavaToolOptionsCountsWithoutAskingTheJvm() throws IOException {
    commandLine("java", "Busy");
    Files.writeString(
        proc.resolve(PID + "/environ"), "HOME=/root\0JAVA_TOOL_OPTIONS=-Xss1m -XX:+PreserveFramePointer\0");
    Files.writeString(perfMapPath(), PERF_MAP);
    StackTrace stack = symbolizer.user(PID, new long[] {HOT_METHOD});
    assertFalse(stack.partial(), stack.reason());
    assertTrue(jcmdRuns.isEmpty(), "" + jcmdRuns);
  }
}
