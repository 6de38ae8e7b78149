package io.ebpf4j.examples;

import io.ebpf4j.api.Frame;
import io.ebpf4j.runtime.ProfiledStack;
import io.ebpf4j.runtime.Profiler;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Profiles a running JVM by its pid and prints its hottest Java methods: each sample counts for
 * the innermost Java frame of its stack, the method running or the one that called the native
 * code or the kernel that was. JIT-compiled methods are named from the JVM's perf map, which the
 * profiler asks the JVM to write ({@code jcmd <pid> Compiler.perfmap}); a JVM started without
 * {@code -XX:+PreserveFramePointer} gives stacks that stop early, and the output says so.
 *
 * <pre>
 * scripts/run-example.sh JavaHotMethods --pid 4242 [--duration 10s]
 * 297 samples of pid 4242, 288 in Java methods
 * SAMPLES      %  METHOD
 *     281   94.6  long Busy.spin(long)
 *       4    1.3  [interpreter]
 * </pre>
 */
public class JavaHotMethods {
  /** How many methods to print. */
  static final int TOP = 10;

  public static void main(String[] args) throws Exception {
    String pidOption = Profile.option(args, "--pid", null);
    if (pidOption == null) {
      System.err.println(
          "JavaHotMethods needs the JVM to profile: --pid N (`jcmd` lists the running JVMs)");
      System.exit(2);
    }
    long pid = Profile.number(args, "--pid", -1, "the JVM's process id, like 4242");
    Profiler profiler = Profiler.start(Profiler.DEFAULT_HZ, pid);
    Runner.run(
        args,
        () ->
            () -> {
              try (profiler) {
                report(profiler.profile(), pid);
              }
            });
  }

  static void report(io.ebpf4j.runtime.Profile profile, long pid) {
    Map<String, Long> byMethod = new TreeMap<>();
    long inJava = 0;
    String partial = "";
    for (ProfiledStack stack : profile.stacks()) {
      if (stack.userStack().partial() && partial.isEmpty() && stack.userStack().present()) {
        partial = stack.userStack().reason();
      }
      java.util.Optional<Frame> java = stack.innermostJavaFrame();
      if (java.isPresent()) {
        byMethod.merge(java.get().name(), stack.samples(), Long::sum);
        inJava += stack.samples();
      }
    }
    System.out.printf("%d samples of pid %d, %d in Java methods%n", profile.samples(), pid, inJava);
    if (!partial.isEmpty()) {
      System.out.println("partial stacks: " + partial);
    }
    System.out.printf("%7s %6s  %s%n", "SAMPLES", "%", "METHOD");
    long total = Math.max(1, profile.samples());
    byMethod.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .forEach(
            e ->
                System.out.printf(
                    "%7d %6.1f  %s%n", e.getValue(), 100.0 * e.getValue() / total, e.getKey()));
  }
}
