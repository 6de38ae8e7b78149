package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * System calls that reach no kernel: each is logged, with a copy of its attr, and returns what
 * the test set for its command (else a new fd, or 0). For {@link SyscallBcc} without root.
 */
final class FakeBpfSyscalls implements BpfSyscalls {
  /**
   * One call: its name ({@code "bpf 5"}, {@code "perf_event_open"}, ...), its attr, the string
   * the attr points at (a probe's {@code config1}, a load's license; else "") read during the
   * call, and its other arguments.
   */
  record Call(String name, byte[] attr, String text, long... arguments) {
    long attrLong(int offset) {
      return MemorySegment.ofArray(attr).get(ValueLayout.JAVA_LONG_UNALIGNED, offset);
    }

    int attrInt(int offset) {
      return MemorySegment.ofArray(attr).get(ValueLayout.JAVA_INT_UNALIGNED, offset);
    }
  }

  final List<Call> calls = new ArrayList<>();
  /** What a call returns, by its name: a result, or {@code -errno}. */
  final Map<String, Long> results = new HashMap<>();
  private long nextFd = 200;

  /** The calls' names, in order. */
  List<String> names() {
    return calls.stream().map(Call::name).toList();
  }

  Call only(String name) {
    List<Call> found = calls.stream().filter(c -> c.name().equals(name)).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one " + name + " in " + names());
    }
    return found.get(0);
  }

  private long result(String name, long otherwise) {
    return results.getOrDefault(name, otherwise);
  }

  @Override
  public long bpf(int command, MemorySegment attr) {
    String name = "bpf " + command;
    calls.add(
        new Call(
            name,
            attr.toArray(ValueLayout.JAVA_BYTE),
            command == BPF_PROG_LOAD ? string(attr.get(ValueLayout.JAVA_LONG, 16)) : ""));
    boolean makesFd = command == BPF_MAP_CREATE || command == BPF_PROG_LOAD;
    return result(name, makesFd ? nextFd++ : 0);
  }

  @Override
  public long perfEventOpen(MemorySegment attr, int pid, int cpu, int groupFd, long flags) {
    calls.add(
        new Call(
            "perf_event_open",
            attr.reinterpret(112).toArray(ValueLayout.JAVA_BYTE),
            attr.get(ValueLayout.JAVA_INT, 0) == 2 ? "" : string(attr.get(ValueLayout.JAVA_LONG, 56)),
            pid,
            cpu,
            groupFd,
            flags));
    return result("perf_event_open", nextFd++);
  }

  @Override
  public long ioctl(int fd, long request, long argument) {
    String name = "ioctl " + Long.toHexString(request);
    calls.add(new Call(name, new byte[0], "", fd, argument));
    return result(name, 0);
  }

  private static String string(long address) {
    return address == 0 ? "" : MemorySegment.ofAddress(address).reinterpret(4096).getString(0);
  }

  @Override
  public long close(int fd) {
    calls.add(new Call("close", new byte[0], "", fd));
    return result("close", 0);
  }
}
