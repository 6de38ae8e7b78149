package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.SdtArgument;
import io.ebpf4j.api.internal.SdtNotes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SDT note reader, the C of each operand, the JVM flag check and the start's messages. */
class UsdtNotesTest {
  private static final Path LIBJVM =
      Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so");

  @Test
  void readsTheJvmsNotesWithFileOffsets() throws Exception {
    Path libjvm =
        Files.exists(LIBJVM)
            ? LIBJVM
            : Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
    List<SdtNotes.Location> notes = SdtNotes.read(libjvm);
    List<SdtNotes.Location> gc =
        notes.stream().filter(l -> l.probe().equals("hotspot:gc__begin")).toList();
    assertFalse(gc.isEmpty(), "no gc__begin in " + libjvm);
    assertTrue(notes.stream().filter(l -> l.provider().equals("hotspot")).count() >= 40);
    for (SdtNotes.Location l : gc) {
      assertEquals(1, l.arguments().size(), l.toString());
      assertEquals(1, l.arguments().get(0).size());
      assertTrue(l.fileOffset() > 0 && l.fileOffset() < Files.size(libjvm), l.toString());
    }
  }

  @Test
  void aFileWithoutNotesHasNone() throws Exception {
    assertEquals(List.of(), SdtNotes.read(Path.of("/bin/true")));
  }

  @Test
  void aFileThatIsNotElfIsRefused() {
    java.io.IOException e =
        assertThrows(java.io.IOException.class, () -> SdtNotes.read(Path.of("/etc/hostname")));
    assertTrue(e.getMessage().contains("not an ELF file"), e.getMessage());
  }

  @Test
  void argumentSpecsParse() {
    assertEquals(
        List.of(new SdtArgument(4, true, "%eax"), new SdtArgument(8, false, "-64(%rbp)"),
            new SdtArgument(1, false, "$1")),
        SdtArgument.parseAll("-4@%eax 8@-64(%rbp) 1@$1"));
    assertThrows(IllegalArgumentException.class, () -> SdtArgument.parse("3@%eax"));
  }

  @Test
  void operandsBecomeC() {
    assertEquals("a = (u64) (s64) (s32) ctx->ax;",
        SdtArgumentC.read(SdtArgument.parse("-4@%eax"), "a", "p"));
    assertEquals("a = (u64) (u8) ctx->di;",
        SdtArgumentC.read(SdtArgument.parse("1@%dil"), "a", "p"));
    assertEquals("a = (u64) (u32) ctx->r14;",
        SdtArgumentC.read(SdtArgument.parse("4@%r14d"), "a", "p"));
    assertEquals("a = (u64) (s64) (s32) -1LL;",
        SdtArgumentC.read(SdtArgument.parse("-4@$-1"), "a", "p"));
    assertEquals(
        "{ s64 v = 0; bpf_probe_read_user(&v, sizeof(v), (const void *) (ctx->bp + (-64LL)));"
            + " a = (u64) (s64) v; }",
        SdtArgumentC.read(SdtArgument.parse("-8@-64(%rbp)"), "a", "p"));
    assertEquals(
        "{ u32 v = 0; bpf_probe_read_user(&v, sizeof(v), (const void *) (ctx->ax + ctx->bx * 4"
            + " + (8LL))); a = (u64) v; }",
        SdtArgumentC.read(SdtArgument.parse("4@8(%rax,%rbx,4)"), "a", "p"));
    Ebpf4jException e =
        assertThrows(Ebpf4jException.class,
            () -> SdtArgumentC.read(SdtArgument.parse("8@foo(%rip)"), "a", "hotspot:x"));
    assertTrue(e.getMessage().contains("`foo(%rip)` of hotspot:x"), e.getMessage());
  }

  @Test
  void theLastFlagWins() {
    assertTrue(JvmFlags.enabled(List.of("-XX:+DTraceMonitorProbes"), "DTraceMonitorProbes"));
    assertFalse(JvmFlags.enabled(
        List.of("-XX:+DTraceMonitorProbes", "-XX:-DTraceMonitorProbes"), "DTraceMonitorProbes"));
    assertTrue(JvmFlags.enabled(List.of("-XX:+ExtendedDTraceProbes"), "DTraceMethodProbes"));
    assertFalse(JvmFlags.enabled(List.of("-XX:+DTraceAllocProbes"), "DTraceMethodProbes"));
  }

  @Test
  void aBinaryWithoutNotesIsNamed() {
    Ebpf4jException e =
        assertThrows(Ebpf4jException.class,
            () -> UsdtProbes.targets(AttachPoint.usdt("f", "/bin/true", "foo:bar", -1)));
    assertTrue(e.getMessage().contains("no USDT probe foo:bar in /bin/true (no SDT notes)"),
        e.getMessage());
  }

  @Test
  void aJdkWithoutNotesNamesTheBuildOption() {
    // /bin/true stands in for a libjvm.so built without --enable-dtrace.
    Ebpf4jException e =
        assertThrows(Ebpf4jException.class,
            () -> UsdtProbes.targets(AttachPoint.usdt("f", "/bin/true", "hotspot:gc__begin", -1)));
    assertTrue(e.getMessage().contains("--enable-dtrace"), e.getMessage());
    assertTrue(e.getMessage().contains("Temurin"), e.getMessage());
  }

  @Test
  void anUnknownProbeOfABinaryWithNotesSaysHowToListThem() throws Exception {
    Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
    Ebpf4jException e =
        assertThrows(Ebpf4jException.class,
            () -> UsdtProbes.targets(AttachPoint.usdt("f", libjvm.toString(), "hotspot:nope", -1)));
    assertTrue(e.getMessage().contains("readelf -n"), e.getMessage());
  }
}
