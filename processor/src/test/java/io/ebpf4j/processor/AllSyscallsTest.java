package io.ebpf4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.ebpf4j.processor.format.SnapshotArchive;
import io.ebpf4j.processor.format.SyscallCatalog;
import io.ebpf4j.processor.model.JavaNames;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** Every system call of the snapshot generates code that compiles, in one handler class. */
class AllSyscallsTest {

  @Test
  void everySyscallCompiles() throws IOException {
    List<String> syscalls =
        SnapshotArchive.bundled().events(SyscallCatalog.CATEGORY).stream()
            .filter(e -> e.startsWith(SyscallCatalog.ENTER_PREFIX))
            .map(e -> e.substring(SyscallCatalog.ENTER_PREFIX.length()))
            .toList();
    StringBuilder source =
        new StringBuilder("package com.example;\n\npublic class AllProbes {\n");
    for (String syscall : syscalls) {
      source
          .append("  @io.ebpf4j.api.Kprobe(\"")
          .append(syscall)
          .append("\") void on_")
          .append(syscall)
          .append("(")
          .append(JavaNames.eventTypeName(syscall))
          .append(" e) {}\n");
    }
    source.append("}\n");
    Compilation compilation =
        Compilations.snapshotCompiler()
            .compile(JavaFileObjects.forSourceString("com.example.AllProbes", source.toString()));
    assertThat(compilation).succeededWithoutWarnings();
    String c =
        compilation
            .generatedFile(StandardLocation.CLASS_OUTPUT, "com/example/AllProbes.bpf.c")
            .orElseThrow()
            .getCharContent(false)
            .toString();
    Matcher kprobes = Pattern.compile("(?m)^int ebpf4j_kprobe_\\d+\\(").matcher(c);
    assertThat(kprobes.results().count()).isEqualTo((long) syscalls.size());
    assertThat(syscalls).hasSize(360);
  }
}
