package io.ebpf4j.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kretprobes made through tracefs's {@code kprobe_events}, so that their misses can be counted.
 *
 * <p>A kretprobe holds one instance per call in flight; a call that finds none free is not
 * probed, and the kernel counts it in the kretprobe's {@code nmissed}. A kretprobe made with
 * {@code perf_event_open} has no place to read that count on the kernels tested (6.1, 6.18), but
 * one made in {@code kprobe_events} with an explicit {@code maxactive} is listed in {@code
 * kprobe_profile} with its hits and misses. bcc takes that path when it is given a {@code
 * maxactive}.
 *
 * <p>Such an event outlives a process killed before it could detach it. bcc names it {@code
 * <name>_bcc_<pid>}; {@link #removeStale} deletes ebpf4j's events whose process is gone.
 */
final class KretprobeEvents {
  private static final System.Logger LOG = System.getLogger(KretprobeEvents.class.getName());

  /**
   * The calls in flight one kretprobe of a session can follow ({@code maxactive}); the kernel
   * allows up to 4096. A little memory each, allocated when the probe is attached.
   */
  static final int DEFAULT_MAX_ACTIVE = 1024;

  private static final Pattern OURS = Pattern.compile("^r\\d*:kprobes/(ebpf4j_\\S+_bcc_(\\d+))\\s");
  /** The tracefs roots swept so far: one per machine, but a test may give its own. */
  private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

  private KretprobeEvents() {}

  /** The name under which bcc lists the event {@code eventName} of this process. */
  static String listedName(String eventName) {
    return eventName + "_bcc_" + ProcessHandle.current().pid();
  }

  /**
   * Lists a kretprobe of {@code kernelFunction} that follows {@code maxActive} calls in flight,
   * as {@link #listedName} of {@code eventName}, as bcc would; false if the kernel refused it.
   */
  static boolean add(Path tracefs, String eventName, String kernelFunction, int maxActive) {
    return tryWrite(
        tracefs,
        "r" + maxActive + ":kprobes/" + listedName(eventName) + " " + kernelFunction + "\n");
  }

  /** Removes the event {@link #add} listed for {@code eventName}; false if the kernel refused. */
  static boolean remove(Path tracefs, String eventName) {
    return tryWrite(tracefs, removal(listedName(eventName)) + "\n");
  }

  /** The line of {@code kprobe_events} that deletes the event listed as {@code listedName}. */
  private static String removal(String listedName) {
    return "-:kprobes/" + listedName;
  }

  private static boolean tryWrite(Path tracefs, String line) {
    try {
      write(tracefs, line);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void write(Path tracefs, String line) throws IOException {
    Files.writeString(
        tracefs.resolve("kprobe_events"), line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /**
   * The misses of every event in {@code kprobe_profile}, by name. Its lines are {@code name hits
   * misses}; a kretprobe's misses include those of its return instances.
   */
  static Map<String, Long> misses(Path tracefs) {
    Path profile = tracefs.resolve("kprobe_profile");
    Map<String, Long> misses = new HashMap<>();
    try {
      for (String line : Files.readAllLines(profile, StandardCharsets.UTF_8)) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length == 3) {
          String name = fields[0].substring(fields[0].indexOf('/') + 1);
          misses.put(name, Long.parseLong(fields[2]));
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new Ebpf4jException("cannot read the kretprobes' misses from " + profile, e);
    }
    return misses;
  }

  /** {@link #removeStale}, once per process: before its first kretprobe. */
  static void removeStaleOnce(Path tracefs) {
    if (SWEPT.add(tracefs)) {
      removeStale(tracefs);
    }
  }

  /** Deletes the kretprobe events of ebpf4j processes that are gone. */
  static void removeStale(Path tracefs) {
    Path events = tracefs.resolve("kprobe_events");
    try {
      List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
      for (String line : lines) {
        Matcher m = OURS.matcher(line);
        if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
          write(tracefs, removal(m.group(1)));
          LOG.log(System.Logger.Level.INFO, "removed the stale kretprobe {0}", m.group(1));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Only leftovers; they do no harm beyond their memory, and the attach goes on.
      LOG.log(System.Logger.Level.WARNING, "could not remove stale kretprobes from " + events, e);
    }
  }
}
