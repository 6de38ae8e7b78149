package com.example;

import io.ebpf4j.api.internal.Decoding;
import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.api.internal.JfrCommitter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import javax.annotation.processing.Generated;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;
import jdk.jfr.Unsigned;

/**
 * Commits the events of {@link JfrProbes} as JDK Flight Recorder events.
 */
@Generated("io.ebpf4j.processor.ProbeProcessor")
public final class JfrProbes_Ebpf4jJfr implements JfrCommitter {
  private final EventType typeBindEvent = EventType.getEventType(BindEventJfr.class);

  private final EventType typeOpenatCallEvent = EventType.getEventType(OpenatCallEventJfr.class);

  /**
   * Registers the event classes with the Flight Recorder.
   */
  public JfrProbes_Ebpf4jJfr() {
  }

  private static void commit0(MemorySegment event) {
    if (event.byteSize() < 64) {
      return;
    }
    BindEventJfr e = new BindEventJfr();
    e.probe = "com.example.JfrProbes.onBind(BindEvent)";
    e.timestampNanos = event.get(ValueLayout.JAVA_LONG, EventHeader.TIMESTAMP_OFFSET);
    e.pid = event.get(ValueLayout.JAVA_INT, EventHeader.PID_OFFSET);
    e.tid = event.get(ValueLayout.JAVA_INT, EventHeader.TID_OFFSET);
    e.uid = event.get(ValueLayout.JAVA_INT, EventHeader.UID_OFFSET);
    e.gid = event.get(ValueLayout.JAVA_INT, EventHeader.GID_OFFSET);
    e.comm = Decoding.cString(event, EventHeader.COMM_OFFSET, EventHeader.COMM_LENGTH);
    e.fd = event.get(ValueLayout.JAVA_INT, 44);
    e.umyaddr = event.get(ValueLayout.JAVA_LONG, 48);
    e.addrlen = event.get(ValueLayout.JAVA_INT, 56);
    e.commit();
  }

  private static void commit1(MemorySegment event) {
    if (event.byteSize() < 328) {
      return;
    }
    OpenatCallEventJfr e = new OpenatCallEventJfr();
    e.probe = "com.example.JfrProbes.onOpen(OpenatCallEvent)";
    e.timestampNanos = event.get(ValueLayout.JAVA_LONG, EventHeader.TIMESTAMP_OFFSET);
    e.pid = event.get(ValueLayout.JAVA_INT, EventHeader.PID_OFFSET);
    e.tid = event.get(ValueLayout.JAVA_INT, EventHeader.TID_OFFSET);
    e.uid = event.get(ValueLayout.JAVA_INT, EventHeader.UID_OFFSET);
    e.gid = event.get(ValueLayout.JAVA_INT, EventHeader.GID_OFFSET);
    e.comm = Decoding.cString(event, EventHeader.COMM_OFFSET, EventHeader.COMM_LENGTH);
    e.dfd = event.get(ValueLayout.JAVA_INT, 44);
    e.filename = Decoding.cString(event, 48, 256);
    e.flags = event.get(ValueLayout.JAVA_INT, 304);
    e.mode = event.get(ValueLayout.JAVA_SHORT, 308);
    e.ret = event.get(ValueLayout.JAVA_LONG, 312);
    e.latencyNanos = event.get(ValueLayout.JAVA_LONG, 320);
    e.commit();
  }

  @Override
  public void commit(MemorySegment event) {
    int probeId = event.get(ValueLayout.JAVA_INT, EventHeader.PROBE_ID_OFFSET);
    switch (probeId) {
      case 0 -> {
        if (typeBindEvent.isEnabled()) {
          commit0(event);
        }
      }
      case 1 -> {
        if (typeOpenatCallEvent.isEnabled()) {
          commit1(event);
        }
      }
      default -> {}
    }
  }

  /**
   * An entry to the {@code bind} system call, from the tracepoint format {@code syscalls/sys_enter_bind/format}.
   */
  @Name("ebpf4j.BindEvent")
  @Label("@Kprobe(\"bind\")")
  @Description("An entry to the bind system call, from the tracepoint format syscalls/sys_enter_bind/format.")
  @Category({"Kernel", "ebpf4j"})
  @StackTrace(false)
  public static final class BindEventJfr extends Event {
    @Label("Probe")
    @Description("The handler method of the probe")
    String probe;

    @Label("Kernel Timestamp")
    @Description("bpf_ktime_get_ns() at entry: nanoseconds since boot, not counting suspend")
    long timestampNanos;

    @Label("pid")
    @Description("the calling process (thread group id)")
    int pid;

    @Label("tid")
    @Description("the calling thread")
    int tid;

    @Label("uid")
    @Description("the calling thread's user id")
    int uid;

    @Label("gid")
    @Description("the calling thread's group id")
    int gid;

    @Label("comm")
    @Description("the calling thread's command name, at most 15 bytes")
    String comm;

    @Label("fd")
    @Description("int fd")
    int fd;

    @Label("umyaddr")
    @Description("struct sockaddr * umyaddr")
    @Unsigned
    long umyaddr;

    @Label("addrlen")
    @Description("int addrlen")
    int addrlen;
  }

  /**
   * A completed call of the {@code openat} system call: its arguments at entry, from the tracepoint format {@code syscalls/sys_enter_openat/format}, its return value and its latency. The entry waits in the kernel, in an LRU hash of at most 10240 calls in flight: when it is full, the least recently entered call makes room, and its event counts as lost.
   */
  @Name("ebpf4j.OpenatCallEvent")
  @Label("@Kretprobe(value = \"openat\", withEntry = true)")
  @Description("A completed call of the openat system call: its arguments at entry, from the tracepoint format syscalls/sys_enter_openat/format, its return value and its latency. The entry waits in the kernel, in an LRU hash of at most 10240 calls in flight: when it is full, the least recently entered call makes room, and its event counts as lost.")
  @Category({"Kernel", "ebpf4j"})
  @StackTrace(false)
  public static final class OpenatCallEventJfr extends Event {
    @Label("Probe")
    @Description("The handler method of the probe")
    String probe;

    @Label("Kernel Timestamp")
    @Description("bpf_ktime_get_ns() at entry: nanoseconds since boot, not counting suspend")
    long timestampNanos;

    @Label("pid")
    @Description("the calling process (thread group id)")
    int pid;

    @Label("tid")
    @Description("the calling thread")
    int tid;

    @Label("uid")
    @Description("the calling thread's user id")
    int uid;

    @Label("gid")
    @Description("the calling thread's group id")
    int gid;

    @Label("comm")
    @Description("the calling thread's command name, at most 15 bytes")
    String comm;

    @Label("dfd")
    @Description("int dfd")
    int dfd;

    @Label("filename")
    @Description("const char * filename")
    String filename;

    @Label("flags")
    @Description("int flags")
    int flags;

    @Label("mode")
    @Description("umode_t mode")
    @Unsigned
    short mode;

    @Label("ret")
    @Description("the value returned, a negative errno on failure (long ret)")
    long ret;

    @Label("latencyNanos")
    @Description("nanoseconds from the entry to the return")
    @Timespan(Timespan.NANOSECONDS)
    long latencyNanos;
  }
}
