#!/usr/bin/python3
"""bcc-Python side of the map-read benchmark (io.ebpf4j.bench.MapReadBench).

Opens the hash that MapReadBench made, filled and pinned at --pin (the same
map, through BPF_TABLE_PINNED with the same declaration), reads it whole with
table.items() --reps times after one warm-up read, and prints one line:

  impl=bcc-python-map-items keys=K median_ms=... min_ms=... max_ms=... reps=R

Run with /usr/bin/python3: Debian ships the bcc bindings only for the system
interpreter.
"""
import argparse
import statistics
import time

from bcc import BPF


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pin", required=True)
    parser.add_argument("--max-entries", type=int, required=True)
    parser.add_argument("--reps", type=int, default=7)
    args = parser.parse_args()
    text = 'BPF_TABLE_PINNED("hash", u64, u64, big, %d, "%s");' % (
        args.max_entries, args.pin)
    bpf = BPF(text=text)
    table = bpf["big"]
    keys = len(table.items())  # warm-up, and the size to report
    times = []
    for _ in range(args.reps):
        start = time.perf_counter_ns()
        items = table.items()
        times.append(time.perf_counter_ns() - start)
        if len(items) != keys:
            raise SystemExit("the map changed size while it was read: %d, then %d"
                             % (keys, len(items)))
    print("impl=bcc-python-map-items keys=%d median_ms=%.3f min_ms=%.3f max_ms=%.3f reps=%d"
          % (keys, statistics.median(times) / 1e6, min(times) / 1e6,
             max(times) / 1e6, args.reps))


if __name__ == "__main__":
    main()
