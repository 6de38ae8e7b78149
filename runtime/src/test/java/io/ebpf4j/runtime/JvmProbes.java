package io.ebpf4j.runtime;

import io.ebpf4j.api.Hotspot;
import io.ebpf4j.api.Usdt;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The JVM's probes as a user writes them: typed through {@code @Hotspot}, raw through {@code @Usdt}. */
public class JvmProbes {
  final List<GcBeginEvent> gcBegins = new CopyOnWriteArrayList<>();
  final List<GcEndEvent> gcEnds = new CopyOnWriteArrayList<>();
  final List<ThreadStartEvent> threadStarts = new CopyOnWriteArrayList<>();
  final List<ClassLoadedEvent> classLoads = new CopyOnWriteArrayList<>();

  @Hotspot("gc__begin")
  void onGcBegin(GcBeginEvent e) {
    gcBegins.add(e);
  }

  @Hotspot("gc__end")
  void onGcEnd(GcEndEvent e) {
    gcEnds.add(e);
  }

  @Hotspot("thread__start")
  void onThreadStart(ThreadStartEvent e) {
    threadStarts.add(e);
  }

  @Hotspot("class__loaded")
  void onClassLoaded(ClassLoadedEvent e) {
    classLoads.add(e);
  }

  /** The generic form: the note's one argument, a byte, as {@code arg0}. */
  public static class Raw {
    final List<HotspotGcBeginEvent> gcBegins = new CopyOnWriteArrayList<>();

    @Usdt(
        binary = "/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so",
        provider = "hotspot",
        name = "gc__begin")
    void onGcBegin(HotspotGcBeginEvent e) {
      gcBegins.add(e);
    }
  }

  /** A probe that needs {@code -XX:+DTraceMonitorProbes}. */
  public static class Monitors {
    final List<MonitorContendedEnterEvent> enters = new CopyOnWriteArrayList<>();

    @Hotspot("monitor__contended__enter")
    void onEnter(MonitorContendedEnterEvent e) {
      enters.add(e);
    }
  }

  /** A filter on a (pointer, length) string, tested in the kernel. */
  public static class Filtered {
    final List<ThreadStartEvent> starts = new CopyOnWriteArrayList<>();

    @Hotspot(value = "thread__start", filter = "threadName == \"ebpf4j-filtered\"")
    void onStart(ThreadStartEvent e) {
      starts.add(e);
    }
  }
}
