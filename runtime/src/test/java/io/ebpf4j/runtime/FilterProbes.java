package io.ebpf4j.runtime;

import io.ebpf4j.api.Kprobe;
import io.ebpf4j.api.Kretprobe;
import io.ebpf4j.api.Tracepoint;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Probes whose filters run in the kernel. Each handler keeps every event it is given, from any
 * process: what a filter lets through is exactly what the tests look at.
 */
final class FilterProbes {
  private FilterProbes() {}

  /** The brief's own example: failed opens only. */
  public static class FailedOpens {
    final BlockingQueue<OpenatReturnEvent> events = new LinkedBlockingQueue<>();

    @Kretprobe(value = "openat", filter = "ret < 0")
    void onFailed(OpenatReturnEvent e) {
      events.add(e);
    }
  }

  /** A string filter on the context's comm, at entry. */
  public static class OneComm {
    static final String COMM = "ebpf4j-comm";

    final BlockingQueue<OpenatEvent> events = new LinkedBlockingQueue<>();

    @Kprobe(value = "openat", filter = "comm == \"ebpf4j-comm\"")
    void onOpen(OpenatEvent e) {
      events.add(e);
    }
  }

  /** A bit test on an argument: O_CREAT, 0100 in octal. */
  public static class Creates {
    final BlockingQueue<OpenatEvent> events = new LinkedBlockingQueue<>();

    @Kprobe(value = "openat", filter = "(flags & 0x40) != 0")
    void onCreate(OpenatEvent e) {
      events.add(e);
    }
  }

  /**
   * {@code withEntry} filters: one on the return value and the entry's comm, decided at the
   * return; one on a string argument alone, decided at the entry.
   */
  public static class Calls {
    static final String COMM = "ebpf4j-call";
    static final String ENTRY_FILE = "/nonexistent-ebpf4j/entry-filter";

    final BlockingQueue<OpenatCallEvent> failed = new LinkedBlockingQueue<>();
    final BlockingQueue<OpenatCallEvent> named = new LinkedBlockingQueue<>();

    @Kretprobe(
        value = "openat",
        withEntry = true,
        filter = "ret == -2 && comm == \"ebpf4j-call\" && latencyNanos > 0")
    void onFailed(OpenatCallEvent e) {
      failed.add(e);
    }

    @Kretprobe(
        value = "openat",
        withEntry = true,
        filter = "filename == \"/nonexistent-ebpf4j/entry-filter\"")
    void onNamed(OpenatCallEvent e) {
      named.add(e);
    }
  }

  /** A string argument read from the caller's memory before anything is reserved. */
  public static class OneFile {
    static final String FILE = "/nonexistent-ebpf4j/exact";

    final BlockingQueue<OpenatEvent> events = new LinkedBlockingQueue<>();

    @Kprobe(value = "openat", filter = "filename == \"/nonexistent-ebpf4j/exact\"")
    void onOpen(OpenatEvent e) {
      events.add(e);
    }
  }

  /** A tracepoint's {@code __data_loc} string. */
  public static class TrueExecs {
    final BlockingQueue<SchedProcessExecEvent> events = new LinkedBlockingQueue<>();

    @Tracepoint(value = "sched:sched_process_exec", filter = "filename == \"/bin/true\"")
    void onExec(SchedProcessExecEvent e) {
      events.add(e);
    }
  }

  /** No filter of its own, for the runtime's uid and cgroup filters. */
  public static class AllOpens {
    final BlockingQueue<OpenatEvent> events = new LinkedBlockingQueue<>();

    @Kprobe("openat")
    void onOpen(OpenatEvent e) {
      events.add(e);
    }
  }
}
