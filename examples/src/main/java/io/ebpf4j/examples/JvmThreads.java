package io.ebpf4j.examples;

import io.ebpf4j.api.Hotspot;
import io.ebpf4j.runtime.ProbeRuntime;

/**
 * Prints every Java thread that starts or stops in every JVM on the machine, with its name, from
 * the JVM's {@code hotspot:thread__start} and {@code thread__stop} probes.
 *
 * <pre>
 * scripts/run-example.sh JvmThreads [--duration 10s]
 * PID     EVENT  JAVA-TID NATIVE-TID DAEMON NAME
 * 4711    start  31       4790       false  worker-1
 * </pre>
 */
public class JvmThreads {

  @Hotspot("thread__start")
  void onStart(ThreadStartEvent e) {
    print("start", e.javaThreadId(), e.nativeThreadId(), e.daemon(), e.pid(), e.threadName());
  }

  @Hotspot("thread__stop")
  void onStop(ThreadStopEvent e) {
    print("stop", e.javaThreadId(), e.nativeThreadId(), e.daemon(), e.pid(), e.threadName());
  }

  private static void print(
      String event, long javaTid, long nativeTid, boolean daemon, int pid, String name) {
    System.out.printf("%-7d %-6s %-8d %-10d %-6s %s%n", pid, event, javaTid, nativeTid, daemon,
        name);
  }

  public static void main(String[] args) throws Exception {
    Runner.run(
        args,
        () -> {
          // The header first: the delivery thread prints events as soon as the probes attach.
          System.out.printf("%-7s %-6s %-8s %-10s %-6s %s%n", "PID", "EVENT", "JAVA-TID",
              "NATIVE-TID", "DAEMON", "NAME");
          return ProbeRuntime.start(JvmThreads.class);
        });
  }
}
