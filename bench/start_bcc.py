#!/usr/bin/python3
"""bcc-Python's start on ebpf4j's generated C, for bench/run.sh's start-up pass.

With --empty it starts an empty function instead (impl=bcc-python-empty): what
bcc's compile costs before any C of the program's own, a floor no start that
compiles through libbcc goes below.

Compiles the C file given (ebpf4j's GetppidProbes.bpf.c) with the cflags ebpf4j's
session passes, attaches its function to syscalls:sys_enter_getppid, and prints

  impl=bcc-python start_ms=... rss_mb=... rss_before_mb=...

start_ms is BPF(text=...) until attach_tracepoint returned and the ring
buffer is open (ebpf4j's start maps it too): the compile, the maps, the load,
the attach and the buffer. rss_mb is VmRSS then; rss_before_mb is after
`from bcc import BPF`, before the compile; rss_bpf_maps_mb is what of rss_mb is BPF
maps mapped into the process (the ring buffer, whose data area libbpf maps twice). Run with /usr/bin/python3.
"""

import argparse
import time

from bcc import BPF


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmRSS in /proc/self/status")


def bpf_map_mb():
    """Resident MB of this process's mappings of BPF maps (anon_inode:bpf-map in smaps)."""
    kilobytes, in_map = 0, False
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if fields and "-" in fields[0] and not fields[0].endswith(":"):
                in_map = line.rstrip().endswith("anon_inode:bpf-map")
            elif in_map and fields[0] == "Rss:":
                kilobytes += int(fields[1])
    return kilobytes / 1024.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True)
    parser.add_argument("--function", default="ebpf4j_tracepoint_0")
    parser.add_argument("--tracepoint", default="syscalls:sys_enter_getppid")
    parser.add_argument("--ring-buffer", default="ebpf4j_events")
    parser.add_argument("--cflag", action="append", default=[])
    parser.add_argument("--empty", action="store_true",
                        help="compile and attach an empty function instead, with no ring buffer:"
                             " the floor of any start through bcc's compile (impl=bcc-python-empty)")
    args = parser.parse_args()
    if args.empty:
        text = "int %s(void *ctx) { return 0; }\n" % args.function
    else:
        with open(args.source) as f:
            text = f.read()
    before = rss_mb()
    begin = time.perf_counter()
    cpu_begin = time.process_time()
    bpf = BPF(text=text, cflags=args.cflag)
    bpf.attach_tracepoint(tp=args.tracepoint, fn_name=args.function)
    if not args.empty:
        bpf[args.ring_buffer].open_ring_buffer(lambda ctx, data, size: 0)
    elapsed = (time.perf_counter() - begin) * 1000
    cpu = (time.process_time() - cpu_begin) * 1000
    print("impl=%s start_ms=%.1f start_cpu_ms=%.1f rss_mb=%.1f rss_before_mb=%.1f"
          " rss_bpf_maps_mb=%.1f" % ("bcc-python-empty" if args.empty else "bcc-python", elapsed,
                                     cpu, rss_mb(), before, bpf_map_mb()))
    bpf.cleanup()


if __name__ == "__main__":
    main()
