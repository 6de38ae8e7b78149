#!/usr/bin/python3
"""bcc-Python baseline for the ebpf4j throughput benchmark.

Run with /usr/bin/python3: Debian ships the bcc bindings only for the system
interpreter.

For each mode it starts the load generator (bench/loadgen.c), attaches one
probe on tracepoint syscalls:sys_enter_getppid filtered in the kernel to the
loadgen's tgid, releases the loadgen, and drains until the loadgen has exited
and the buffer is empty (bounded by timeouts). Like the ebpf4j side it runs
every mode twice in this one process, each pass with its own BPF object: a
cold pass (impl=bcc-python-MODE-cold), then a warm one (impl=bcc-python-MODE).
--passes 1 runs the cold pass only, printed without the suffix. One line per
pass:

  impl=bcc-python-perf produced=... delivered=... lost=... rate_per_s=...
      producer_ns_per_call=... consumer_cpu_ns_per_event=... [diagnostics]

The BPF program is ebpf4j's generated one for @Tracepoint("syscalls:
sys_enter_getppid") apart from the output call: the same tgid filter, the same
48-byte event (timestamp, probe id, pid, tid, uid, gid, comm, syscall nr),
the same drop counter touched only when the buffer refuses an event. Modes:

  ringbuf     BPF_RINGBUF_OUTPUT of --ring-pages (default 2048, ebpf4j's
              default of 8 MiB), submit flags 0 as ebpf4j's
  perf        BPF_PERF_OUTPUT, wakeup_events=1 (bcc's default, what its
              tools use): the reader is woken for every event
  perf-batch  the same with wakeup_events=--batch-wakeup-events (64)
  Both perf modes take --perf-pages per CPU (default 8 MiB over all CPUs).

Honesty of the numbers:
  * lost is the kernel-side count of events the buffer refused (failed
    perf_submit / bpf_ringbuf_reserve), so delivered + lost == produced.
  * lost_reported is what bcc tells user space: the perf lost callback
    (PERF_RECORD_LOST), nothing at all for the ring buffer (printed as -1).
    It can be lower than lost: the kernel writes a LOST record only once
    space frees up again, so drops at the end of a burst are never reported.
  * consumer_cpu_ns_per_event is this whole process's CPU time (user + sys,
    CLOCK_PROCESS_CPUTIME_ID, as the Java side reads it) from the release of
    the loadgen until the buffer is drained, over delivered: the BPF compile
    and the attach are outside that window.
  * pid_sum_ok checks that the callback decoded every event: every event's
    pid is the loadgen's tgid, so their sum equals delivered * tgid.
"""

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import time

from bcc import BPF

# include/uapi/linux/bpf.h: flags for bpf_ringbuf_submit/output.
RB_FLAGS = {"default": 0, "no_wakeup": 1, "force_wakeup": 2}

BPF_TEXT = r"""
#include <linux/sched.h>

/* ebpf4j's generated event for this probe: its header, then the format's
 * one field; 48 bytes. */
struct event {
    u64 ts;
    u32 probe_id;
    u32 pid;
    u32 tid;
    u32 uid;
    u32 gid;
    char comm[TASK_COMM_LEN];
    s32 syscall_nr;
};

#ifdef USE_RINGBUF
BPF_RINGBUF_OUTPUT(events, RING_PAGES);
#else
BPF_PERF_OUTPUT(events);
#endif

/* Events the buffer refused; touched only then, as ebpf4j's counter is. */
BPF_ARRAY(dropped, u64, 1);

static __always_inline void count_drop(void)
{
    u32 key = 0;
    u64 *v = dropped.lookup(&key);
    if (v)
        __sync_fetch_and_add(v, 1);
}

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
    u64 pid_tgid = bpf_get_current_pid_tgid();
    if ((pid_tgid >> 32) != TARGET_TGID)
        return 0;
#ifdef USE_RINGBUF
    struct event *ev = events.ringbuf_reserve(sizeof(struct event));
    if (!ev) {
        count_drop();
        return 0;
    }
#else
    struct event stack_ev = {};
    struct event *ev = &stack_ev;
#endif
    u64 uid_gid = bpf_get_current_uid_gid();
    ev->ts = bpf_ktime_get_ns();
    ev->probe_id = 0;
    ev->pid = pid_tgid >> 32;
    ev->tid = (u32)pid_tgid;
    ev->uid = (u32)uid_gid;
    ev->gid = uid_gid >> 32;
    bpf_get_current_comm(ev->comm, sizeof(ev->comm));
    ev->syscall_nr = args->__syscall_nr;
#ifdef USE_RINGBUF
    events.ringbuf_submit(ev, RB_FLAGS);
#else
    if (events.perf_submit(args, ev, sizeof(*ev)) < 0)
        count_drop();
#endif
    return 0;
}
"""


class Event(ctypes.Structure):
    """User-space view of struct event in BPF_TEXT."""

    _fields_ = [
        ("ts", ctypes.c_uint64),
        ("probe_id", ctypes.c_uint32),
        ("pid", ctypes.c_uint32),
        ("tid", ctypes.c_uint32),
        ("uid", ctypes.c_uint32),
        ("gid", ctypes.c_uint32),
        ("comm", ctypes.c_char * 16),
        ("syscall_nr", ctypes.c_int32),
    ]


assert ctypes.sizeof(Event) == 48, "struct event must match ebpf4j's 48 bytes"


def decode(data):
    return ctypes.cast(data, ctypes.POINTER(Event)).contents


def process_cpu_ns():
    """User + sys CPU of this whole process, every thread, in nanoseconds."""
    return time.clock_gettime_ns(time.CLOCK_PROCESS_CPUTIME_ID)


class Tally:
    """What the user-space callbacks saw."""

    def __init__(self):
        self.delivered = 0
        self.lost = 0
        self.pid_sum = 0


def parse_kv(line):
    return dict(f.split("=", 1) for f in line.split() if "=" in f)


class LoadGen:
    """The loadgen process, held at its start line until release()."""

    def __init__(self, path, n, threads):
        self.proc = subprocess.Popen(
            [path, str(n), "--threads", str(threads)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        ready = self.proc.stdout.readline().decode()
        if not ready.startswith("ready "):
            self.kill()
            raise RuntimeError("loadgen did not start: %r" % ready)
        self.pid = int(parse_kv(ready)["pid"])

    def release(self):
        self.proc.stdin.write(b"g")
        self.proc.stdin.close()

    def exited(self):
        return self.proc.poll() is not None

    def result(self):
        out = self.proc.stdout.read().decode()
        if self.proc.returncode != 0:
            raise RuntimeError("loadgen failed with %s" % self.proc.returncode)
        return parse_kv(out.strip().splitlines()[-1])

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def wakeup_events(args):
    return args.batch_wakeup_events if args.mode == "perf-batch" else 1


def open_buffer(b, args, tally):
    """Opens the mode's buffer; returns (poll, consume) functions."""
    # The callbacks must not hold the table object: bcc's cleanup() only
    # frees the perf readers when the table is garbage collected.
    events = b["events"]

    if args.mode != "ringbuf":
        def on_event(cpu, data, size):
            ev = decode(data)
            tally.delivered += 1
            tally.pid_sum += ev.pid

        def on_lost(n):
            tally.lost += n

        events.open_perf_buffer(on_event, page_cnt=args.perf_pages,
                                lost_cb=on_lost,
                                wakeup_events=wakeup_events(args))
        return b.perf_buffer_poll, b.perf_buffer_consume

    def on_record(ctx, data, size):
        ev = decode(data)
        tally.delivered += 1
        tally.pid_sum += ev.pid

    events.open_ring_buffer(on_record)
    return b.ring_buffer_poll, b.ring_buffer_consume


def run_mode(args, impl):
    tally = Tally()
    loadgen = LoadGen(args.loadgen, args.n, args.threads)
    b = None
    try:
        cflags = ["-DTARGET_TGID=%d" % loadgen.pid]
        if args.mode == "ringbuf":
            cflags += ["-DUSE_RINGBUF", "-DRING_PAGES=%d" % args.ring_pages,
                       "-DRB_FLAGS=%d" % RB_FLAGS[args.rb_flags]]
        t0 = time.monotonic()
        # TRACEPOINT_PROBE attaches while the BPF object is built.
        b = BPF(text=BPF_TEXT, cflags=cflags)
        poll, consume = open_buffer(b, args, tally)
        attach_ms = (time.monotonic() - t0) * 1000.0

        cpu0 = process_cpu_ns()
        t_release = time.monotonic()
        loadgen.release()
        t_last = t_release
        exited_at = None
        drain_timed_out = False
        while True:
            before = tally.delivered + tally.lost
            poll(args.poll_ms)
            # Records submitted without a wakeup are only found by consuming.
            consume()
            now = time.monotonic()
            if tally.delivered + tally.lost != before:
                t_last = now
            if exited_at is None:
                if loadgen.exited():
                    exited_at = now
                elif now - t_release > args.run_timeout_s:
                    loadgen.kill()
                    raise RuntimeError("loadgen still running after %ss"
                                       % args.run_timeout_s)
            elif tally.delivered + tally.lost == before:
                break  # a full poll after the producer exited found nothing
            elif now - exited_at > args.drain_timeout_s:
                drain_timed_out = True
                break
        cpu_ns = process_cpu_ns() - cpu0

        dropped = b["dropped"][ctypes.c_int(0)].value
        produced = loadgen.result()
    finally:
        loadgen.kill()
        if b is not None:
            b.cleanup()

    elapsed = max(t_last - t_release, 1e-9)
    fields = [
        ("impl", impl),
        ("produced", produced["produced"]),
        ("delivered", tally.delivered),
        ("lost", dropped),
        ("lost_reported", tally.lost if args.mode != "ringbuf" else -1),
        ("consumer_cpu_ns_per_event",
         "%.0f" % (cpu_ns / tally.delivered) if tally.delivered else "n/a"),
        ("consumer_cpu_ms", "%.0f" % (cpu_ns / 1e6)),
        ("producer_ns_per_call", produced["ns_per_call"]),
        ("rate_per_s", "%.0f" % (tally.delivered / elapsed)),
        ("threads", produced.get("threads", 1)),
        ("attach_ms", "%.0f" % attach_ms),
        ("pid_sum_ok", int(tally.pid_sum == tally.delivered * loadgen.pid)),
        ("drain_ms", "%.0f" % max(0.0, (t_last - exited_at) * 1000.0)),
        ("drain_timed_out", int(drain_timed_out)),
    ]
    if args.mode == "ringbuf":
        fields += [("ring_pages", args.ring_pages),
                   ("rb_flags", args.rb_flags)]
    else:
        fields += [("perf_pages_per_cpu", args.perf_pages),
                   ("wakeup_events", wakeup_events(args))]
    fields.append(("poll_ms", args.poll_ms))
    return " ".join("%s=%s" % kv for kv in fields)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ncpu = os.cpu_count() or 1
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mode", choices=["perf", "perf-batch", "ringbuf"],
                   action="append",
                   help="repeatable; default: perf, perf-batch, ringbuf")
    p.add_argument("-n", type=int, default=1_000_000,
                   help="getppid calls in all")
    p.add_argument("--threads", type=int, default=1,
                   help="loadgen threads sharing the N calls")
    p.add_argument("--passes", type=int, choices=[1, 2], default=2,
                   help="2: a cold pass, then the warm one; 1: cold only")
    p.add_argument("--loadgen", default=os.path.join(here, "out", "loadgen"))
    # Rounded down to a power of two, as bcc requires.
    perf_pages = 1 << max(0, (2048 // ncpu).bit_length() - 1)
    p.add_argument("--perf-pages", type=int, default=perf_pages,
                   help="perf buffer pages per CPU (default: 2048 pages in "
                        "all, ebpf4j's ring size)")
    p.add_argument("--batch-wakeup-events", type=int, default=64,
                   help="wakeup_events of the perf-batch mode")
    p.add_argument("--ring-pages", type=int, default=2048,
                   help="ring buffer pages (power of two; ebpf4j's default)")
    p.add_argument("--rb-flags", choices=sorted(RB_FLAGS), default="default",
                   help="flags for bpf_ringbuf_submit")
    p.add_argument("--poll-ms", type=int, default=100,
                   help="poll timeout; with no_wakeup it is the drain period")
    p.add_argument("--drain-timeout-s", type=float, default=60.0)
    # The perf buffer woken per event has slowed the producer to 100 us a
    # call on a busy machine: 100 s for a million calls.
    p.add_argument("--run-timeout-s", type=float, default=300.0)
    args = p.parse_args()

    # Make SIGTERM (e.g. from timeout(1)) run the finally blocks that kill
    # the loadgen and detach the probe.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    for mode in args.mode or ["perf", "perf-batch", "ringbuf"]:
        args.mode = mode
        impl = "bcc-python-" + mode
        if args.passes == 2:
            print(run_mode(args, impl + "-cold"), flush=True)
        print(run_mode(args, impl), flush=True)


if __name__ == "__main__":
    main()
