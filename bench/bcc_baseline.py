#!/usr/bin/python3
"""bcc-Python baseline for the ebpf4j throughput benchmark.

Run with /usr/bin/python3: Debian ships the bcc bindings only for the system
interpreter.

For each mode it starts the load generator (bench/loadgen.c), attaches one
probe on syscalls:sys_enter_getppid filtered in the kernel to the loadgen's
tgid, releases the loadgen, and drains until the loadgen has exited and the
buffer is empty (bounded by timeouts). It prints one line per mode:

  impl=bcc-python-perf produced=... delivered=... lost=... rate_per_s=...
      producer_ns_per_call=... attach_ms=... [diagnostic fields]

Honesty of the numbers:
  * kernel_seen counts probe hits after the tgid filter, so it must equal
    produced.
  * lost is the kernel-side count of events the buffer refused (failed
    perf_submit / bpf_ringbuf_reserve), so delivered + lost == produced.
  * lost_reported is what bcc tells user space: the perf lost callback
    (PERF_RECORD_LOST), nothing at all for the ring buffer. It can be lower
    than lost: the kernel writes a LOST record only once space frees up
    again, so drops at the end of a burst are never reported.
  * tid_sum_ok checks that the callback decoded every event: the loadgen is
    single-threaded, so the sum of tid equals delivered * tgid.
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

COUNTER_SEEN = 0
COUNTER_DROPPED = 1

BPF_TEXT = r"""
#include <linux/sched.h>

struct event {
    u64 ts;
    u32 pid;
    u32 tid;
    u32 uid;
    u32 gid;
    char comm[TASK_COMM_LEN];
};

#ifdef USE_RINGBUF
BPF_RINGBUF_OUTPUT(events, RING_PAGES);
#else
BPF_PERF_OUTPUT(events);
#endif

/* 0: hits after the tgid filter, 1: events the buffer refused. */
BPF_ARRAY(counters, u64, 2);

static __always_inline void count(int idx)
{
    u64 *v = counters.lookup(&idx);
    if (v)
        __sync_fetch_and_add(v, 1);
}

TRACEPOINT_PROBE(syscalls, sys_enter_getppid)
{
    u64 pid_tgid = bpf_get_current_pid_tgid();
    if ((pid_tgid >> 32) != TARGET_TGID)
        return 0;
    count(0);

    u64 uid_gid = bpf_get_current_uid_gid();
#ifdef USE_RINGBUF
    struct event *ev = events.ringbuf_reserve(sizeof(struct event));
    if (!ev) {
        count(1);
        return 0;
    }
    ev->ts = bpf_ktime_get_ns();
    ev->pid = pid_tgid >> 32;
    ev->tid = (u32)pid_tgid;
    ev->uid = (u32)uid_gid;
    ev->gid = uid_gid >> 32;
    bpf_get_current_comm(ev->comm, sizeof(ev->comm));
    events.ringbuf_submit(ev, RB_FLAGS);
#else
    struct event ev = {};
    ev.ts = bpf_ktime_get_ns();
    ev.pid = pid_tgid >> 32;
    ev.tid = (u32)pid_tgid;
    ev.uid = (u32)uid_gid;
    ev.gid = uid_gid >> 32;
    bpf_get_current_comm(ev.comm, sizeof(ev.comm));
    if (events.perf_submit(args, &ev, sizeof(ev)) < 0)
        count(1);
#endif
    return 0;
}
"""


class Event(ctypes.Structure):
    """User-space view of struct event in BPF_TEXT."""

    _fields_ = [
        ("ts", ctypes.c_uint64),
        ("pid", ctypes.c_uint32),
        ("tid", ctypes.c_uint32),
        ("uid", ctypes.c_uint32),
        ("gid", ctypes.c_uint32),
        ("comm", ctypes.c_char * 16),
    ]


def decode(data):
    return ctypes.cast(data, ctypes.POINTER(Event)).contents


class Tally:
    """What the user-space callbacks saw."""

    def __init__(self):
        self.delivered = 0
        self.lost = 0
        self.tid_sum = 0


def parse_kv(line):
    return dict(f.split("=", 1) for f in line.split() if "=" in f)


class LoadGen:
    """The loadgen process, held at its start line until release()."""

    def __init__(self, path, n):
        self.proc = subprocess.Popen(
            [path, str(n)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
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


def open_buffer(b, args, tally):
    """Opens the mode's buffer; returns (poll, consume) functions."""
    # The callbacks must not hold the table object: bcc's cleanup() only
    # frees the perf readers when the table is garbage collected.
    events = b["events"]

    if args.mode == "perf":
        def on_event(cpu, data, size):
            ev = decode(data)
            tally.delivered += 1
            tally.tid_sum += ev.tid

        def on_lost(n):
            tally.lost += n

        events.open_perf_buffer(on_event, page_cnt=args.perf_pages,
                                lost_cb=on_lost,
                                wakeup_events=args.perf_wakeup_events)
        return b.perf_buffer_poll, b.perf_buffer_consume

    def on_record(ctx, data, size):
        ev = decode(data)
        tally.delivered += 1
        tally.tid_sum += ev.tid

    events.open_ring_buffer(on_record)
    return b.ring_buffer_poll, b.ring_buffer_consume


def run_mode(args):
    tally = Tally()
    loadgen = LoadGen(args.loadgen, args.n)
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

        cpu0 = os.times()
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
        cpu1 = os.times()

        counters = b["counters"]
        seen = counters[ctypes.c_int(COUNTER_SEEN)].value
        dropped = counters[ctypes.c_int(COUNTER_DROPPED)].value
        produced = loadgen.result()
    finally:
        loadgen.kill()
        if b is not None:
            b.cleanup()

    elapsed = max(t_last - t_release, 1e-9)
    fields = [
        ("impl", "bcc-python-" + args.mode),
        ("produced", produced["produced"]),
        ("delivered", tally.delivered),
        ("lost", dropped),
        ("lost_reported", tally.lost),
        ("rate_per_s", "%.0f" % (tally.delivered / elapsed)),
        ("producer_ns_per_call", produced["ns_per_call"]),
        ("attach_ms", "%.0f" % attach_ms),
        ("kernel_seen", seen),
        ("tid_sum_ok", int(tally.tid_sum == tally.delivered * loadgen.pid)),
        ("drain_ms", "%.0f" % max(0.0, (t_last - exited_at) * 1000.0)),
        ("drain_timed_out", int(drain_timed_out)),
        ("consumer_cpu_ms", "%.0f" % ((cpu1.user + cpu1.system
                                       - cpu0.user - cpu0.system) * 1000.0)),
    ]
    if args.mode == "perf":
        fields += [("perf_pages", args.perf_pages),
                   ("wakeup_events", args.perf_wakeup_events)]
    else:
        fields += [("ring_pages", args.ring_pages),
                   ("rb_flags", args.rb_flags)]
    fields.append(("poll_ms", args.poll_ms))
    return " ".join("%s=%s" % kv for kv in fields)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mode", choices=["perf", "ringbuf"], action="append",
                   help="repeatable; default: perf then ringbuf")
    p.add_argument("-n", type=int, default=1_000_000, help="getppid calls")
    p.add_argument("--loadgen", default=os.path.join(here, "out", "loadgen"))
    p.add_argument("--perf-pages", type=int, default=256,
                   help="perf buffer pages per CPU")
    p.add_argument("--perf-wakeup-events", type=int, default=1)
    p.add_argument("--ring-pages", type=int, default=1024,
                   help="ring buffer pages (power of two)")
    p.add_argument("--rb-flags", choices=sorted(RB_FLAGS), default="default",
                   help="flags for bpf_ringbuf_submit")
    p.add_argument("--poll-ms", type=int, default=100,
                   help="poll timeout; with no_wakeup it is the drain period")
    p.add_argument("--drain-timeout-s", type=float, default=60.0)
    p.add_argument("--run-timeout-s", type=float, default=120.0)
    args = p.parse_args()

    # Make SIGTERM (e.g. from timeout(1)) run the finally blocks that kill
    # the loadgen and detach the probe.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    for mode in args.mode or ["perf", "ringbuf"]:
        args.mode = mode
        print(run_mode(args), flush=True)


if __name__ == "__main__":
    main()
