package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.api.Frame;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The kallsyms, perf-map and maps parsers, on text written here: no root, no kernel. */
class SymbolParsersTest {
  private static final String KALLSYMS =
      """
      ffffffff81000000 T _stext
      ffffffff81000000 T startup_64
      ffffffff81001000 D some_data
      ffffffff81002000 t __do_sys_getppid
      ffffffff81002040 T __x64_sys_getppid
      ffffffff81003000 W weak_function
      ffffffffc0a01000 t ext4_fill_super\t[ext4]
      ffffffffc0a00000 T ext4_init\t[ext4]
      garbage line
      """;

  @Test
  void kallsymsResolvesToTheSymbolAtOrBelowTheAddress() throws IOException {
    Kallsyms symbols = Kallsyms.parse(new StringReader(KALLSYMS));
    assertEquals(7, symbols.size(), "the data symbol and the garbage are skipped");
    assertFalse(symbols.hidden());

    Frame frame = symbols.resolve(0xffffffff81002045L);
    assertEquals("__x64_sys_getppid", frame.symbol());
    assertEquals(5, frame.offset());
    assertEquals(Frame.Kind.KERNEL, frame.kind());
    assertEquals("vmlinux", frame.module());
    assertEquals("__x64_sys_getppid+0x5 [vmlinux]", frame.toString());

    assertEquals("__do_sys_getppid", symbols.resolve(0xffffffff81002000L).symbol());
    // some_data is skipped: the address belongs to the function before it.
    assertEquals("startup_64", symbols.resolve(0xffffffff81001010L).symbol());
    assertEquals("weak_function", symbols.resolve(0xffffffff81003001L).symbol());
  }

  @Test
  void kallsymsNamesModulesAndSortsThem() throws IOException {
    Kallsyms symbols = Kallsyms.parse(new StringReader(KALLSYMS));
    Frame frame = symbols.resolve(0xffffffffc0a01010L);
    assertEquals("ext4_fill_super", frame.symbol());
    assertEquals("ext4", frame.module());
    assertEquals("ext4_init", symbols.resolve(0xffffffffc0a00fffL).symbol());
  }

  @Test
  void kallsymsBelowTheFirstSymbolIsUnknownWithAReason() throws IOException {
    Frame frame = Kallsyms.parse(new StringReader(KALLSYMS)).resolve(0xffffffff80000000L);
    assertFalse(frame.resolved());
    assertEquals("[unknown]", frame.name());
    assertTrue(frame.note().contains("below the kernel's first symbol"), frame.note());
  }

  @Test
  void kallsymsWithHiddenAddressesSaysHowToSeeThem() throws IOException {
    Kallsyms symbols =
        Kallsyms.parse(
            new StringReader(
                "0000000000000000 T _stext\n0000000000000000 t __do_sys_getppid\n"));
    assertTrue(symbols.hidden());
    Frame frame = symbols.resolve(0xffffffff81002045L);
    assertNull(frame.symbol());
    assertTrue(frame.note().contains("CAP_SYSLOG"), frame.note());
  }

  private static final String PERF_MAP =
      """
      0x00007f6f87ec7c80 0x00000000000000d8 long Busy.hotMethodXyz(long)
      0x00007f6f8793fd60 0x00000000000194c8 Interpreter
      0x00007f6f879592e0 0x00000000000004c8 I2C/C2I adapters
      0x00007f6f87938ee0 0x0000000000004f60 StubRoutines (initialstubs)
      0x00007f6f803ff700 0x0000000000000410 int java.lang.String.hashCode()
      7f6f90000000 100 node::Start(int, char**)
      not a line
      0x10 0x0
      """;

  @Test
  void perfMapNamesCompiledMethodsInterpreterAndStubs() throws IOException {
    PerfMap map = PerfMap.parse(new StringReader(PERF_MAP));
    assertEquals(6, map.size(), "the unparsable line and the empty blob are skipped");

    Frame compiled = map.resolve(0x00007f6f87ec7c80L + 0x10);
    assertEquals(Frame.Kind.JAVA_COMPILED, compiled.kind());
    assertEquals("long Busy.hotMethodXyz(long)", compiled.symbol());
    assertEquals(0x10, compiled.offset());
    assertEquals("[jit]", compiled.module());

    Frame interpreted = map.resolve(0x00007f6f8793fd60L + 0x100);
    assertEquals(Frame.Kind.JAVA_INTERPRETED, interpreted.kind());
    assertNull(interpreted.symbol(), "the interpreter's code does not tell the method");
    assertEquals("[interpreter]", interpreted.name());

    assertEquals("long Busy.hotMethodXyz(long)+0x10 [jit]", compiled.toString());
    assertEquals("0x7f6f8793fe60 [interpreter] [jit]", interpreted.toString());
    assertEquals(Frame.Kind.STUB, map.resolve(0x00007f6f879592e0L).kind());
    assertEquals("I2C/C2I adapters", map.resolve(0x00007f6f879592e0L).name());
    assertEquals(Frame.Kind.STUB, map.resolve(0x00007f6f87938ee0L + 1).kind());
    assertEquals(Frame.Kind.JAVA_COMPILED, map.resolve(0x00007f6f803ff700L).kind());
    assertEquals("node::Start(int, char**)", map.resolve(0x7f6f90000010L).symbol(), "no 0x");
  }

  @Test
  void perfMapMissesPastABlobsEndAndBeforeTheFirst() throws IOException {
    PerfMap map = PerfMap.parse(new StringReader(PERF_MAP));
    assertNull(map.resolve(0x00007f6f87ec7c80L + 0xd8), "one past the end");
    assertNull(map.resolve(0x1000));
    assertNull(PerfMap.empty().resolve(0x00007f6f87ec7c80L));
  }

  @Test
  void perfMapsLaterLineForTheSameStartWins() throws IOException {
    PerfMap map =
        PerfMap.parse(
            new StringReader("0x1000 0x100 void Old.gone()\n0x1000 0x80 void New.here()\n"));
    assertEquals("void New.here()", map.resolve(0x1010).symbol());
    assertNull(map.resolve(0x1090), "the newer blob is shorter");
  }

  @Test
  void mapsFindTheFileOrAnonymousMemoryOfAnAddress() throws IOException {
    ProcessMaps maps =
        ProcessMaps.parse(
            new StringReader(
                """
                5626ea0cb000-5626ea0d0000 r-xp 00002000 fe:00 260131    /usr/bin/cat
                7f6f87938000-7f6f8f938000 rwxp 00000000 00:00 0
                7fef5bb07000-7fef5bc5d000 r-xp 00026000 fe:00 339380    /usr/lib/libjvm.so
                7ffd1c5f1000-7ffd1c5f3000 r-xp 00000000 00:00 0         [vdso]
                nonsense
                """));
    assertEquals("/usr/bin/cat", maps.find(0x5626ea0cb010L).path());
    assertTrue(maps.find(0x7f6f87938010L).anonymous());
    assertTrue(maps.find(0x7f6f87938010L).executable());
    assertTrue(maps.find(0x7ffd1c5f1000L).special());
    assertFalse(maps.find(0x7ffd1c5f1000L).anonymous());
    assertNull(maps.find(0x5626ea0d0000L), "the end is exclusive");
    assertEquals("/usr/lib/libjvm.so", maps.fileNamed("libjvm.so"));
    assertNull(maps.fileNamed("libc.so.6"));
  }
}
