package io.ebpf4j.runtime;

import static io.ebpf4j.runtime.ChildJvm.asNobodyWith;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a user without root needs, probe kind by probe kind, and that one capability fewer gets a
 * message naming the one that is missing. Each case runs in a child JVM, as {@code nobody}, with
 * exactly the capabilities it names.
 */
@RequiresKernel
class PrivilegesKernelTest {

  private static String start(List<String> wrapper, String kind) {
    ChildJvm.Result result = ChildJvm.run(wrapper, PrivilegeChild.class, kind);
    assertTrue(result.exitCode() == 0, result.toString());
    return result.stdout();
  }

  @Test
  void anOrdinaryUserIsToldWhichPrivilegesToGrant() {
    String out = start(asNobodyWith(), "tracepoint");
    assertTrue(out.contains("may not load BPF programs"), out);
    assertTrue(out.contains("CAP_BPF") && out.contains("CAP_PERFMON"), out);
    assertFalse(out.contains("not mounted"), out);
  }

  @Test
  void tracepointsNeedBpfPerfmonAndDacReadSearch() {
    String out = start(asNobodyWith("bpf", "perfmon", "dac_read_search"), "tracepoint");
    assertTrue(out.startsWith("started:"), out);
  }

  @Test
  void systemCallsAtTheirTracepointsNeedTheSame() {
    String out = start(asNobodyWith("bpf", "perfmon", "dac_read_search"), "syscall");
    assertTrue(out.startsWith("started:"), out);
  }

  @Test
  void withoutDacReadSearchTracefsIsUnreadableNotUnmounted() {
    String out = start(asNobodyWith("bpf", "perfmon"), "tracepoint");
    assertTrue(out.contains("tracefs is mounted at /sys/kernel/tracing, but"), out);
    assertTrue(out.contains("CAP_DAC_READ_SEARCH"), out);
    assertFalse(out.contains("not mounted"), out);
  }

  @Test
  void withoutPerfmonTheMissingCapabilityIsNamed() {
    String out = start(asNobodyWith("bpf", "dac_read_search"), "tracepoint");
    assertTrue(out.contains("may not load BPF programs"), out);
    assertTrue(out.contains("CAP_PERFMON"), out);
  }

  @Test
  void uprobesNeedBpfPerfmonAndDacOverride() {
    String out = start(asNobodyWith("bpf", "perfmon", "dac_override"), "uprobe");
    assertTrue(out.startsWith("started:"), out);
  }

  @Test
  void withDacReadSearchOnlyUprobesNameDacOverride() {
    String out = start(asNobodyWith("bpf", "perfmon", "dac_read_search"), "uprobe");
    assertTrue(out.contains("uprobes need more privileges"), out);
    assertTrue(out.contains("CAP_DAC_OVERRIDE"), out);
  }

  @Test
  void unmountedTracefsIsNamedUnmounted() {
    // A private mount namespace: the unmount is the child's alone, never the machine's.
    String out =
        start(
            List.of(
                "unshare", "--mount", "--propagation", "private", "sh", "-c",
                "umount /sys/kernel/tracing && exec \"$0\" \"$@\""),
            "tracepoint");
    assertTrue(out.contains("tracefs is not mounted"), out);
    assertTrue(out.contains("mount -t tracefs"), out);
  }
}
