package com.example;

import io.ebpf4j.api.internal.AttachPoint;
import io.ebpf4j.api.internal.Decoding;
import io.ebpf4j.api.internal.EventDispatcher;
import io.ebpf4j.api.internal.EventHeader;
import io.ebpf4j.api.internal.ProbeProgram;
import io.ebpf4j.api.internal.ProbeSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * The ebpf4j program of {@link NetProbes}: its BPF source, probes and dispatcher.
 */
@Generated("io.ebpf4j.processor.ProbeProcessor")
public final class NetProbes_Ebpf4jProgram implements ProbeProgram<NetProbes> {
  private static final List<ProbeSpec> PROBES = List.of(
    new ProbeSpec(0, "com.example.NetProbes.onBind(BindEvent)",
      List.of(AttachPoint.syscallEntry("ebpf4j_kprobe_0", "bind")),
      List.of(AttachPoint.tracepoint("ebpf4j_tracepoint_0", "syscalls:sys_enter_bind")),
      64));

  private static final long probe0$fd$OFFSET = 44;

  private static final long probe0$umyaddr$OFFSET = 48;

  private static final long probe0$addrlen$OFFSET = 56;

  public NetProbes_Ebpf4jProgram() {
  }

  @Override
  public Class<NetProbes> handlerType() {
    return NetProbes.class;
  }

  @Override
  public String bpfSourceResource() {
    return "com/example/NetProbes.bpf.c";
  }

  @Override
  public List<ProbeSpec> probes() {
    return PROBES;
  }

  @Override
  public EventDispatcher dispatcherFor(NetProbes handler) {
    Objects.requireNonNull(handler, "handler");
    return event -> {
      int probeId = event.get(ValueLayout.JAVA_INT, EventHeader.PROBE_ID_OFFSET);
      switch (probeId) {
        case 0 -> handler.onBind(decode0(event));
        default -> throw new IllegalArgumentException("unknown probe id " + probeId + " in an event for com.example.NetProbes");
      }
    };
  }

  @Override
  public NetProbes newHandler() {
    return new NetProbes();
  }

  private static BindEvent decode0(MemorySegment event) {
    if (event.byteSize() < 64) {
      throw new IllegalArgumentException("an event of " + event.byteSize() + " bytes is shorter than the 64 bytes of probe 0, com.example.NetProbes.onBind(BindEvent)");
    }
    return new BindEvent(
          event.get(ValueLayout.JAVA_LONG, EventHeader.TIMESTAMP_OFFSET),
          event.get(ValueLayout.JAVA_INT, EventHeader.PID_OFFSET),
          event.get(ValueLayout.JAVA_INT, EventHeader.TID_OFFSET),
          event.get(ValueLayout.JAVA_INT, EventHeader.UID_OFFSET),
          event.get(ValueLayout.JAVA_INT, EventHeader.GID_OFFSET),
          Decoding.cString(event, EventHeader.COMM_OFFSET, EventHeader.COMM_LENGTH),
          event.get(ValueLayout.JAVA_INT, probe0$fd$OFFSET),
          event.get(ValueLayout.JAVA_LONG, probe0$umyaddr$OFFSET),
          event.get(ValueLayout.JAVA_INT, probe0$addrlen$OFFSET));
  }
}
