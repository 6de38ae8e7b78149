package io.ebpf4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * While bcc compiles, the process's stdout and stderr are captured for the exception: nothing
 * other threads print meanwhile may be lost, and what bcc prints on stdout belongs in the
 * exception too. Each case runs in a child JVM, whose stdout and stderr the test reads.
 */
@RequiresKernel
class NativeOutputKernelTest {

  @Test
  void linesOtherThreadsPrintDuringACompileAllArrive() {
    ChildJvm.Result result = ChildJvm.run(List.of(), PrintingChild.class, "print");
    assertEquals(0, result.exitCode(), result.toString());
    String last = result.stdout().strip();
    assertTrue(last.startsWith("printed "), result.toString());
    int printed = Integer.parseInt(last.substring("printed ".length()));
    Set<String> seen = new HashSet<>(List.of(result.stderr().split("\n")));
    int missing = 0;
    for (int i = 0; i < printed; i++) {
      if (!seen.contains("line " + i)) {
        missing++;
      }
    }
    assertEquals(0, missing, missing + " of " + printed + " lines printed on stderr were lost");
  }

  @Test
  void bccsStdoutHintOnMissingHeadersIsInTheException() {
    // A private mount namespace with an empty /lib/modules: the child's alone.
    ChildJvm.Result result =
        ChildJvm.run(
            List.of(
                "unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs none /lib/modules && exec \"$0\" \"$@\""),
            PrintingChild.class,
            "compile");
    assertEquals(0, result.exitCode(), result.toString());
    String stdout = result.stdout();
    int failed = stdout.indexOf("failed: ");
    assertTrue(failed >= 0, result.toString());
    String message = stdout.substring(failed);
    assertTrue(message.contains("Unable to find kernel headers"), result.toString());
    assertTrue(message.contains("no kernel headers at /lib/modules/"), result.toString());
    // Forwarded as bcc printed it, before the exception; not left in a buffer until exit.
    assertTrue(stdout.substring(0, failed).contains("Unable to find kernel headers"), result.toString());
  }
}
