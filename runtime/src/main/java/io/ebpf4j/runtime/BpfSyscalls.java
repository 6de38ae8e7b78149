package io.ebpf4j.runtime;

import java.lang.foreign.MemorySegment;

/**
 * The system calls that load, attach and read BPF programs once they are compiled: {@code
 * bpf(2)}, {@code perf_event_open(2)} and {@code ioctl(2)} on a perf event, and {@code close(2)}. {@link #get()} makes
 * them through libc's {@code syscall(2)} ({@link JdkBpfSyscalls}), so that a program from the
 * {@link ProgramCache} runs without linking libbcc, and with it LLVM; tests hand {@link
 * SyscallBcc} a fake.
 *
 * <p>Each returns what the kernel returned, or {@code -errno}: callers word their own failures.
 */
interface BpfSyscalls {
  /** {@code enum bpf_cmd} from {@code linux/bpf.h}. */
  int BPF_MAP_CREATE = 0;
  int BPF_MAP_LOOKUP_ELEM = 1;
  int BPF_MAP_UPDATE_ELEM = 2;
  int BPF_MAP_DELETE_ELEM = 3;
  int BPF_MAP_GET_NEXT_KEY = 4;
  int BPF_PROG_LOAD = 5;
  int BPF_OBJ_GET_INFO_BY_FD = 15;
  int BPF_MAP_LOOKUP_BATCH = 24;

  /** {@code PERF_EVENT_IOC_ENABLE}, {@code _DISABLE} and {@code _SET_BPF}, {@code _IOW('$', 8, u32)}. */
  long PERF_EVENT_IOC_ENABLE = 0x2400;
  long PERF_EVENT_IOC_DISABLE = 0x2401;
  long PERF_EVENT_IOC_SET_BPF = 0x40042408L;

  /** The kernel's calls, through libc. */
  static BpfSyscalls get() {
    return JdkBpfSyscalls.INSTANCE;
  }

  /** {@code bpf(command, attr, attr.byteSize())}. */
  long bpf(int command, MemorySegment attr);

  /** {@code perf_event_open(attr, pid, cpu, groupFd, flags)}: the event's fd. */
  long perfEventOpen(MemorySegment attr, int pid, int cpu, int groupFd, long flags);

  /** {@code ioctl(fd, request, argument)}. */
  long ioctl(int fd, long request, long argument);

  /** {@code close(fd)}: 0, or {@code -errno}. */
  long close(int fd);
}
