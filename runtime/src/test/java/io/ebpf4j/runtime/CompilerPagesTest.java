package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which mappings are given back after a compile, from a {@code /proc/self/maps} like a JVM's. */
class CompilerPagesTest {
  @Test
  void onlyTheCompilerLibrariesCodeIsGivenBack() {
    List<String> maps =
        List.of(
            "7f0000000000-7f0000100000 r--p 00000000 08:01 11 /usr/lib/x86_64-linux-gnu/libLLVM-14.so.1",
            "7f0000100000-7f0002f00000 r-xp 00100000 08:01 11 /usr/lib/x86_64-linux-gnu/libLLVM-14.so.1",
            "7f0002f00000-7f0003000000 r--p 02f00000 08:01 11 /usr/lib/x86_64-linux-gnu/libLLVM-14.so.1",
            "7f0003000000-7f0003010000 rw-p 03000000 08:01 11 /usr/lib/x86_64-linux-gnu/libLLVM-14.so.1",
            "7f1000000000-7f1001000000 r-xp 00000000 08:01 12 /usr/lib/llvm-14/lib/libclang-cpp.so.14",
            "7f2000000000-7f2000200000 r-xp 00000000 08:01 13 /usr/lib/x86_64-linux-gnu/libbcc.so.0.26.0",
            "7f3000000000-7f3000200000 r-xp 00000000 08:01 14 /usr/lib/jvm/temurin-25/lib/server/libjvm.so",
            "7f4000000000-7f4000200000 r-xs 00000000 08:01 15 /tmp/libLLVM-shared",
            "7f5000000000-7f5000001000 r-xp 00000000 00:00 0 ",
            "7f6000000000-7f6000001000 r-xp 00000000 08:01 16 /opt/notlibLLVM/libc.so.6");
    assertEquals(
        List.of(
            new CompilerPages.Range(0x7f0000100000L, 0x7f0002f00000L, "/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1"),
            new CompilerPages.Range(0x7f1000000000L, 0x7f1001000000L, "/usr/lib/llvm-14/lib/libclang-cpp.so.14"),
            new CompilerPages.Range(0x7f2000000000L, 0x7f2000200000L, "/usr/lib/x86_64-linux-gnu/libbcc.so.0.26.0")),
        CompilerPages.codeRanges(maps));
  }
}
