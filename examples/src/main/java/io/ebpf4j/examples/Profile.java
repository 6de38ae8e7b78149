package io.ebpf4j.examples;

import io.ebpf4j.runtime.FlameGraph;
import io.ebpf4j.runtime.ProfiledStack;
import io.ebpf4j.runtime.Profiler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Samples the stacks of the whole machine, or of one process, on the cpu clock at 99 Hz, as
 * bcc's {@code profile} does; when it stops, prints the most sampled stacks, innermost frame
 * first, and writes a flame graph. The counting is in the kernel: nothing reaches Java per
 * sample.
 *
 * <pre>
 * scripts/run-example.sh Profile [--pid N] [--hz 99] [--out flame.html] [--duration 10s]
 * 193 samples of 2 CPUs at 99 Hz; 0 lost stacks; flame graph: flame.html
 *
 * 97 samples, pid 4242 (java)
 *     long Busy.spin(long)
 *     void Busy.main(java.lang.String[])
 *     ...
 * </pre>
 */
public class Profile {
  /** How many stacks to print. */
  static final int TOP = 5;
  /** How many frames of each. */
  static final int DEPTH = 12;

  public static void main(String[] args) throws Exception {
    long pid = number(args, "--pid", -1, "a process id, like 4242");
    int hz = (int) number(args, "--hz", Profiler.DEFAULT_HZ, "samples a second, like 99");
    Path out = Path.of(option(args, "--out", "flame.html"));
    Duration duration = Runner.parseDuration(args);
    Profiler profiler = Profiler.start(hz, pid);
    Runner.run(
        args,
        () ->
            () -> {
              try (profiler) {
                report(profiler.profile(), hz, out, pid, duration);
              }
            });
  }

  static void report(
      io.ebpf4j.runtime.Profile profile, int hz, Path out, long pid, Duration duration)
      throws java.io.IOException {
    String what = pid == -1 ? "the machine" : "pid " + pid;
    FlameGraph.of(profile)
        .title("CPU of " + what + (duration == null ? "" : ", " + duration.toSeconds() + " s")
            + " at " + hz + " Hz")
        .writeHtml(out);
    System.out.printf(
        "%d samples at %d Hz; %d lost stacks; flame graph: %s%n",
        profile.samples(), hz, profile.lostStacks(), out);
    for (ProfiledStack stack : profile.mergedByName().top(TOP)) {
      System.out.printf("%n%d samples, pid %d (%s)%n", stack.samples(), stack.pid(), stack.comm());
      List<String> frames = stack.frames().reversed();
      if (frames.isEmpty()) {
        System.out.println("    [no stack walked]");
      }
      frames.stream().limit(DEPTH).forEach(f -> System.out.println("    " + f));
      if (frames.size() > DEPTH) {
        System.out.println("    ... " + (frames.size() - DEPTH) + " more");
      }
    }
  }

  /**
   * The number after {@code --name}; {@code otherwise} if absent.
   *
   * @throws IllegalArgumentException naming the option and what it takes
   */
  static long number(String[] args, String name, long otherwise, String takes) {
    String value = option(args, name, null);
    if (value == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " takes " + takes + "; got `" + value + "`");
    }
  }

  /** The value of {@code --name value} or {@code --name=value}; {@code otherwise} if absent. */
  static String option(String[] args, String name, String otherwise) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(name) && i + 1 < args.length) {
        return args[i + 1];
      }
      if (args[i].startsWith(name + "=")) {
        return args[i].substring(name.length() + 1);
      }
    }
    return otherwise;
  }
}
