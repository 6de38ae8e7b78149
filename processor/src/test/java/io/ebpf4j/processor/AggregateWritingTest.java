package io.ebpf4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.ebpf4j.processor.Compilations.snapshotCompiler;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * What an {@code @Aggregate} probe generates: a key record, a per-CPU hash updated in the C with
 * no ring-buffer traffic, and only the helper calls its key and value need; a streaming probe of
 * the same class is unchanged.
 */
class AggregateWritingTest {

  private static final JavaFileObject MIXED =
      JavaFileObjects.forSourceLines(
          "com.example.Mixed",
          "package com.example;",
          "import io.ebpf4j.api.Aggregate;",
          "import io.ebpf4j.api.Kprobe;",
          "import java.util.Map;",
          "public class Mixed {",
          "  @Kprobe(\"getppid\")",
          "  @Aggregate(value = Aggregate.Kind.COUNT, by = \"tid\", maxKeys = 64)",
          "  void perThread(Map<GetppidByTid, Long> counts) {}",
          "  @Kprobe(\"getppid\")",
          "  @Aggregate(value = Aggregate.Kind.COUNT, by = {\"comm\", \"pid\"})",
          "  void perComm(Map<GetppidByCommPid, Long> counts) {}",
          "  @Kprobe(\"getppid\")",
          "  void onGetppid(GetppidEvent e) {}",
          "}");

  private static String resource(Compilation compilation, String path) throws IOException {
    return compilation
        .generatedFile(StandardLocation.CLASS_OUTPUT, path)
        .orElseThrow()
        .getCharContent(false)
        .toString();
  }

  /** The C from {@code from} up to the next blank line: one function. */
  private static String function(String c, String from) {
    int start = c.indexOf(from);
    assertTrue(start >= 0, from + " in:\n" + c);
    int end = c.indexOf("\n\n", start);
    return c.substring(start, end < 0 ? c.length() : end);
  }

  @Test
  void aggregatingProbesUpdateAPerCpuHashAndStreamNothing() throws IOException {
    Compilation compilation = snapshotCompiler().compile(MIXED);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.GetppidByTid");
    assertThat(compilation).generatedSourceFile("com.example.GetppidByCommPid");
    String c = resource(compilation, "com/example/Mixed.bpf.c");
    assertTrue(c.contains("BPF_PERCPU_HASH(ebpf4j_aggregate_0, struct ebpf4j_key_0, u64, 64);"), c);
    assertTrue(c.contains("BPF_PERCPU_HASH(ebpf4j_aggregate_1, struct ebpf4j_key_1, u64, 10240);"),
        c);

    String byTid = function(c, "static __always_inline int ebpf4j_emit_0(");
    assertFalse(byTid.contains("ringbuf"), byTid);
    assertTrue(byTid.contains("ebpf4j_add_to_aggregate_0(event);"), byTid);
    // Keyed by tid: no comm, uid/gid or timestamp helper on the traced call (the uid runtime
    // filter's call is compiled only under its macro).
    assertFalse(byTid.contains("bpf_get_current_comm"), byTid);
    assertFalse(byTid.contains("u64 uid_gid = bpf_get_current_uid_gid();"), byTid);
    assertFalse(byTid.replaceAll("(?s)#ifdef EBPF4J_UID_FILTER.*?#endif", "")
        .contains("bpf_get_current_uid_gid"), byTid);
    assertFalse(byTid.contains("bpf_ktime_get_ns"), byTid);

    String byComm = function(c, "static __always_inline void ebpf4j_add_to_aggregate_1(");
    assertTrue(byComm.contains("bpf_probe_read_kernel_str(key.comm, sizeof(key.comm),"), byComm);
    assertTrue(byComm.contains("EBPF4J_COUNTER_AGGREGATE_KEY_DROPPED"), byComm);

    String streaming = function(c, "static __always_inline int ebpf4j_emit_2(");
    assertTrue(streaming.contains("ebpf4j_events.ringbuf_submit(event, 0);"), streaming);
    assertTrue(streaming.contains("bpf_get_current_comm"), streaming);
  }
}
