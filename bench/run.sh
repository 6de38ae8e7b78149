#!/usr/bin/env bash
# Consumer benchmark: getppid() x N, one probe on tracepoint
# syscalls:sys_enter_getppid filtered to the loadgen's pid, events delivered to
# a user-space callback, through ebpf4j and through bcc-Python.
#
# Usage: bench/run.sh [N] [RUNS]        (defaults: N=1000000, RUNS=3)
#
# Each run has two loads:
#   single      one producer thread: no probe, bpftrace count() (the
#               in-kernel-only cost), bcc-Python perf buffer (wakeup per
#               event, and wakeup_events=64), bcc-Python ring buffer, ebpf4j
#   saturation  one producer thread per CPU (loadgen --threads $(nproc)), so
#               the consumer has to compete with them for CPU: no probe, the
#               three bcc-Python consumers, ebpf4j
# Every consumer runs a cold pass and a warm pass in one process (impl=X-cold,
# then impl=X), each with its own BPF object, the same 8 MiB buffer and the
# same BPF program apart from the output call.
#
# What it reports, per run and as the median over the runs:
#   consumer_cpu_ns_per_event  the consumer process's whole CPU time (user +
#       sys, every thread) from the release of the loadgen until the buffer is
#       drained, over the delivered events. The figure to compare: it does not
#       depend on how fast the producer happened to be.
#   delivered, lost (kernel-side drop counters), lost_reported (what bcc
#       tells user space; -1 for its ring buffer, which tells nothing), and
#       whether delivered + lost == produced.
#   overhead_ns  the producer's ns per getppid() minus the no-probe ns per
#       call measured just before that consumer (noprobe_ns_per_call): on a
#       shared machine the bare call's cost drifts within a run.
#   rate_per_s   delivered over the time to the last delivery. For
#       information only: while the consumer keeps up, it is the producer's.
#   ratios, per run and as the median of the per-run ratios (never ratios of
#       medians): each bcc consumer's CPU per event over ebpf4j's (warm over
#       warm, cold over cold), and their overheads over ebpf4j's.
# Every step is bounded by timeout(1); nothing waits for input. Needs root.
#
# Environment:
#   EBPF4J_BENCH_CP  classpath holding io.ebpf4j.bench.ThroughputBench; when
#                    unset, run.sh builds the bench module with Maven and the
#                    JDK scripts/env.sh picks, and uses its classes
#   JAVA             java launcher for the ebpf4j run (default: that JDK's)
#   STEP_TIMEOUT_S   bound for each step (default: 900; a step is two passes)
#   SKIP_BPFTRACE=1  skip the bpftrace count() run
#   SKIP_SATURATION=1  skip the saturation load
#   SKIP_MAP_READ=1  skip the map-read pass
#   SKIP_PROFILE=1   skip the profiling overhead (io.ebpf4j.bench.ProfileOverheadBench,
#                    PROFILE_PAIRS pairs of a 99 Hz profiler on and off, default 16)
#   MAP_READ_REPS    repetitions of each map read (default: 7)
#   SKIP_STREAMING=1   skip the streaming consumers (only no-probe and aggregates)
#   SKIP_AGGREGATES=1  skip the aggregations: bpftrace @[comm] = count() and
#                    @ = hist(args->ret) against ebpf4j's @Aggregate (single load)
#   SKIP_STARTUP=1   skip the start-up pass; STARTUP_ONLY=1 runs only it
#   START_JAVA_OPTS  JVM options of the start-up pass's JVMs (default: none)
#   EBPF4J_BENCH_JARS  the same classes as jars, for the start-up pass's row with
#                    an AOT cache (ebpf4j-cached-aot); set by the build, else no row
#
# The start-up pass (first, RUNS times): start() until attached, and VmRSS
# then, each in a fresh process, for GetppidProbes' generated C:
# io.ebpf4j.bench.StartTimeBench with the program cache off (ebpf4j-cold),
# with it filled (ebpf4j-cached), that in a JVM with a JDK AOT cache trained on
# one cached start (ebpf4j-cached-aot), and bench/start_bcc.py (bcc-python) on the
# same C and cflags, and on an empty function (bcc-python-empty: bcc's compile
# before any C of the program's, the floor of a cold start through libbcc). start_ms is a JVM's second start; its first also links
# native code (libc's downcalls; libbcc only when it compiles) and loads
# ebpf4j's classes once: first minus second start, reported as once_ms, of
# which link_ms is the native linking and other_ms the rest; classes is what
# the first start loaded. It prints
# each run's ratios over bcc-Python's, then their medians.
#
# The map-read pass (once, after the runs): io.ebpf4j.bench.MapReadBench makes a
# hash of 10,000 u64 keys through the passthrough, fills it from Java, times
# reading it whole into Java objects by batches and by keys()+get(), then has
# bench/map_read_bcc.py time bcc-Python's table.items() on the same map, pinned
# in a bpf file system mounted in a mount namespace of the step's own (the
# machine's /sys/fs/bpf is left alone). It prints the medians and their ratios.
set -euo pipefail

N=${1:-1000000}
RUNS=${2:-3}
[[ $N =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ ]] ||
  { echo "usage: $0 [N] [RUNS]   (positive integers)" >&2; exit 2; }
STEP_TIMEOUT_S=${STEP_TIMEOUT_S:-900}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
OUT_DIR=$BENCH_DIR/out
LOADGEN=$OUT_DIR/loadgen
# bcc's Python bindings exist only for Debian's interpreter, not pyenv's.
SYS_PYTHON=/usr/bin/python3

log() { echo "# $*" >&2; }

# Kill a step that overruns; SIGKILL 10 s later if SIGTERM is ignored.
bounded() { timeout -k 10 "$STEP_TIMEOUT_S" "$@"; }

# The packages (python3-bpfcc, bpftrace, gcc), kernel headers, tracefs and JDK
# through the project's own set-up. setup.sh runs once bounded, so a hung apt
# cannot hang the benchmark; env.sh then finds everything in place and only
# exports the JDK.
set_up() {
  bounded bash "$ROOT_DIR/scripts/setup.sh" --bench >/dev/null ||
    { echo "run.sh: scripts/setup.sh --bench failed; run it as root and fix what it reports" >&2
      exit 1; }
  # shellcheck disable=SC2034  # read by env.sh
  local setup_parts=(--bench)
  # shellcheck source=../scripts/env.sh
  source "$ROOT_DIR/scripts/env.sh" 2>/dev/null
}

build_loadgen() {
  mkdir -p "$OUT_DIR"
  gcc -O2 -Wall -Wextra -Werror -pthread -o "$LOADGEN" "$BENCH_DIR/loadgen.c"
}

field() { # field KEY <<< "k=v k=v"
  tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

run_no_probe() { # run_no_probe THREADS
  local line
  line=$(echo go | bounded "$LOADGEN" "$N" --threads "$1" | grep '^produced=')
  echo "impl=no-probe produced=$(field produced <<<"$line")" \
       "producer_ns_per_call=$(field ns_per_call <<<"$line") threads=$1"
}

# In-kernel-only cost: the same probe and filter, a per-CPU count(), nothing
# sent to user space. "bpftrace -c" holds the child until the probe is
# attached and exits when it does.
run_bpftrace_count() {
  if [[ ${SKIP_BPFTRACE:-0} == 1 ]]; then
    log "bpftrace-count: skipped (SKIP_BPFTRACE=1)"
    return 0
  fi
  local out line seen
  out=$(bounded bpftrace -c "$LOADGEN $N --no-wait" -e \
    'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @n = count(); }' \
    2>&1)
  line=$(grep '^produced=' <<<"$out")
  seen=$(sed -n 's/^@n: //p' <<<"$out")
  echo "impl=bpftrace-count produced=$(field produced <<<"$line")" \
       "producer_ns_per_call=$(field ns_per_call <<<"$line") kernel_seen=${seen:-0}"
}

# Aggregation: the same getppid load, kept in the kernel by bpftrace and by
# ebpf4j (io.ebpf4j.bench.AggregateBench): a count by comm at the entry, or a
# log2 histogram of the return value. Nothing reaches user space per call, so
# the figure is the producer's overhead above no probe.
run_bpftrace_agg() { # run_bpftrace_agg count|hist
  if [[ ${SKIP_BPFTRACE:-0} == 1 ]]; then
    log "bpftrace-agg-$1: skipped (SKIP_BPFTRACE=1)"
    return 0
  fi
  local program out line seen
  if [[ $1 == count ]]; then
    program='tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @[comm] = count(); }'
  else
    program='tracepoint:syscalls:sys_exit_getppid /pid == cpid/ { @ = hist(args->ret); }'
  fi
  out=$(bounded bpftrace -c "$LOADGEN $N --no-wait" -e "$program" 2>&1)
  line=$(grep '^produced=' <<<"$out")
  if [[ $1 == count ]]; then
    seen=$(sed -n 's/^@\[.*\]: //p' <<<"$out" | awk '{ s += $1 } END { print s + 0 }')
  else
    # Bucket lines read "[256K, 512K)   1000000 |@@@@|": the count is before the bar.
    seen=$(awk '/^[[(]/ { for (i = 2; i <= NF; i++) if ($i ~ /^[|]/) s += $(i - 1) }
      END { print s + 0 }' <<<"$out")
  fi
  echo "impl=bpftrace-agg-$1 produced=$(field produced <<<"$line")" \
       "producer_ns_per_call=$(field ns_per_call <<<"$line") kernel_seen=${seen:-0}"
}

run_ebpf4j_agg() { # run_ebpf4j_agg count|hist
  if [[ -z ${EBPF4J_BENCH_CP:-} ]]; then
    log "ebpf4j-agg-$1: skipped (no build)"
    return 0
  fi
  bounded "${JAVA:-java}" --enable-native-access=ALL-UNNAMED \
    -cp "$EBPF4J_BENCH_CP" io.ebpf4j.bench.AggregateBench \
    --loadgen "$LOADGEN" -n "$N" --mode "$1" 2>/dev/null | grep '^impl=ebpf4j-agg'
}

run_bcc() { # run_bcc MODE THREADS
  bounded "$SYS_PYTHON" "$BENCH_DIR/bcc_baseline.py" --mode "$1" -n "$N" \
    --threads "$2" --loadgen "$LOADGEN" | grep '^impl='
}

# ===================== ebpf4j run =====================
# io.ebpf4j.bench.ThroughputBench (bench/src/main/java) follows the protocol
# of bcc_baseline.py: it takes "--loadgen PATH -n N --threads T", starts the
# loadgen, reads its "ready pid=P" line, starts GetppidProbes (one
# @Tracepoint("syscalls:sys_enter_getppid") handler that sums fields of every
# event) with the default options and only the process filter set, writes one
# byte to the loadgen's stdin, waits until it has exited and every event is
# delivered or counted lost, and prints one line with the fields above. lost
# is ProbeSession.lostEvents(), counted in the kernel. It does this twice in
# one JVM: cold (impl=ebpf4j-cold), then warm (impl=ebpf4j).

# Builds the bench module (and what it needs) unless EBPF4J_BENCH_CP is set.
build_ebpf4j() {
  [[ -n ${EBPF4J_BENCH_CP:-} ]] && return 0
  log "building ebpf4j-bench"
  (cd "$ROOT_DIR" && bounded mvn -B -q -ntp -pl bench -am install -DskipTests >&2) ||
    { log "ebpf4j: build failed"; return 1; }
  JAVA=${JAVA:-$JAVA_HOME/bin/java}
  EBPF4J_BENCH_CP=$ROOT_DIR/bench/target/classes:$(cat "$ROOT_DIR/bench/target/runtime-classpath.txt")
  EBPF4J_BENCH_JARS=$(ls "$ROOT_DIR"/bench/target/ebpf4j-bench-*.jar):$(cat "$ROOT_DIR/bench/target/runtime-classpath.txt")
}

run_ebpf4j() { # run_ebpf4j THREADS
  if [[ -z ${EBPF4J_BENCH_CP:-} ]]; then
    log "ebpf4j: skipped (no build)"
    return 0
  fi
  bounded "${JAVA:-java}" --enable-native-access=ALL-UNNAMED \
    -cp "$EBPF4J_BENCH_CP" io.ebpf4j.bench.ThroughputBench \
    --loadgen "$LOADGEN" -n "$N" --threads "$1" 2>/dev/null | grep '^impl=ebpf4j'
}

run_map_read() {
  if [[ ${SKIP_MAP_READ:-0} == 1 || -z ${EBPF4J_BENCH_CP:-} ]]; then
    log "map-read: skipped"
    return 0
  fi
  # shellcheck disable=SC2016  # expanded by the inner shell
  bounded unshare -m --propagation private sh -c \
    'mount -t bpf bpf /sys/fs/bpf && exec "$0" --enable-native-access=ALL-UNNAMED -cp "$1" \
       io.ebpf4j.bench.MapReadBench --script "$2" --python "$3" --keys 10000 --reps "$4"' \
    "${JAVA:-java}" "$EBPF4J_BENCH_CP" "$BENCH_DIR/map_read_bcc.py" "$SYS_PYTHON" \
    "${MAP_READ_REPS:-7}" 2>/dev/null | grep -E '^(impl=|map_read_ratio)'
}
# The generated C of GetppidProbes, from the bench's classes.
getppid_source() {
  local entry
  IFS=: read -ra entries <<<"$EBPF4J_BENCH_CP"
  for entry in "${entries[@]}"; do
    if [[ -f $entry/io/ebpf4j/bench/GetppidProbes.bpf.c ]]; then
      echo "$entry/io/ebpf4j/bench/GetppidProbes.bpf.c"
      return 0
    fi
  done
  return 1
}

# run_startup_once CACHE_DIR: one line each for ebpf4j-cold, ebpf4j-cached,
# ebpf4j-cached-aot and bcc-python, each a fresh process. The cache is filled by
# a start of its own. ebpf4j-cached-aot is ebpf4j-cached in a JVM started with
# an AOT cache (JDK 25: -XX:AOTCache, the classes loaded and linked ahead of
# time) trained by one cached start; the AOT cache wants a class path of jars.
run_startup_once() {
  local cache=$1 source java_opts aot=$OUT_DIR/start.aot
  read -ra java_opts <<<"${START_JAVA_OPTS:-}"
  source=$(getppid_source) || { log "start-up: no GetppidProbes.bpf.c on the classpath"; return 1; }
  bounded "${JAVA:-java}" "${java_opts[@]}" --enable-native-access=ALL-UNNAMED -Debpf4j.cache=none \
    -cp "$EBPF4J_BENCH_CP" io.ebpf4j.bench.StartTimeBench --impl ebpf4j-cold 2>/dev/null |
    grep '^impl='
  rm -rf "$cache"
  bounded "${JAVA:-java}" "${java_opts[@]}" --enable-native-access=ALL-UNNAMED -Debpf4j.cache="$cache" \
    -cp "$EBPF4J_BENCH_CP" io.ebpf4j.bench.StartTimeBench --impl ebpf4j-fill --starts 1 \
    >/dev/null 2>&1
  bounded "${JAVA:-java}" "${java_opts[@]}" --enable-native-access=ALL-UNNAMED -Debpf4j.cache="$cache" \
    -cp "$EBPF4J_BENCH_CP" io.ebpf4j.bench.StartTimeBench --impl ebpf4j-cached 2>/dev/null |
    grep '^impl='
  if [[ -n ${EBPF4J_BENCH_JARS:-} ]]; then
    rm -f "$aot"
    bounded "${JAVA:-java}" "${java_opts[@]}" -XX:AOTCacheOutput="$aot" --enable-native-access=ALL-UNNAMED \
      -Debpf4j.cache="$cache" -cp "$EBPF4J_BENCH_JARS" io.ebpf4j.bench.StartTimeBench \
      --impl ebpf4j-aot-training >/dev/null 2>&1 || log "start-up: AOT training failed"
    bounded "${JAVA:-java}" "${java_opts[@]}" -XX:AOTCache="$aot" --enable-native-access=ALL-UNNAMED \
      -Debpf4j.cache="$cache" -cp "$EBPF4J_BENCH_JARS" io.ebpf4j.bench.StartTimeBench \
      --impl ebpf4j-cached-aot 2>/dev/null | grep '^impl='
  fi
  # ebpf4j's session passes these for a tracepoint probe with the default options.
  bounded "$SYS_PYTHON" "$BENCH_DIR/start_bcc.py" --source "$source" \
    --cflag=-DEBPF4J_RINGBUF_PAGES=2048 --cflag=-DEBPF4J_SYSCALL_WRAPPER=1 | grep '^impl='
  bounded "$SYS_PYTHON" "$BENCH_DIR/start_bcc.py" --empty --source "$source" | grep '^impl='
}

# print_startup FILE: per run, the lines and the ratios over bcc-Python's;
# then the medians of the per-run ratios. "less maps" is RSS less the BPF maps
# mapped into the process (the ring buffer's pages: libbpf maps its data twice,
# ebpf4j once), the memory that is the process's own.
print_startup() {
  awk '
    function median(list, n, a, i, j, x) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { x = a[i]; j = i - 1; while (j >= 1 && a[j] + 0 > x + 0) { a[j + 1] = a[j]; j-- } a[j + 1] = x }
      return n ? a[int((n + 1) / 2)] : "n/a"
    }
    function add(list, x) { return list == "" ? x : list " " x }
    {
      delete f
      for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      r = f["run"]; m = f["impl"]
      if (!(r in seen)) { seen[r] = 1; runs[++nruns] = r }
      start[r, m] = f["start_ms"]; rss[r, m] = f["rss_mb"]; link[r, m] = f["once_ms"]
      native[r, m] = f["link_ms"]; other[r, m] = f["other_once_ms"]; nclass[r, m] = f["classes_first"]
      before[r, m] = f["rss_before_mb"]; maps[r, m] = f["rss_bpf_maps_mb"]; cpu[r, m] = f["start_cpu_ms"]
    }
    END {
      n = split("ebpf4j-cold ebpf4j-cached ebpf4j-cached-aot", ours, " ")
      for (ri = 1; ri <= nruns; ri++) {
        r = runs[ri]
        printf "== start-up, run %s\n%-18s %9s %8s %11s %8s %9s %8s %8s %14s %8s\n", r, "impl", "start_ms", "cpu_ms", "once_ms", "link_ms", "other_ms", "classes", "rss_mb", "rss_before_mb", "maps_mb"
        for (k = 1; k <= n + 2; k++) {
          m = k <= n ? ours[k] : k == n + 1 ? "bcc-python" : "bcc-python-empty"
          if (!((r, m) in start)) continue
          j = (m ~ /^ebpf4j/)
          printf "%-18s %9s %8s %11s %8s %9s %8s %8s %14s %8s\n", m, start[r, m], cpu[r, m], j ? link[r, m] : "-", j ? native[r, m] : "-", j ? other[r, m] : "-", j ? nclass[r, m] : "-", rss[r, m], before[r, m], maps[r, m]
        }
        b = start[r, "bcc-python"]; br = rss[r, "bcc-python"]; bl = br - maps[r, "bcc-python"]
        if (b + 0 > 0 && br + 0 > 0) {
          for (k = 1; k <= n; k++) {
            m = ours[k]
            if (!((r, m) in start)) continue
            s = start[r, m] / b; q = rss[r, m] / br; l = (rss[r, m] - maps[r, m]) / bl
            c = cpu[r, "bcc-python"] + 0 > 0 ? cpu[r, m] / cpu[r, "bcc-python"] : 0
            printf "    %-18s start %.3fx of bcc-python (%.1fx faster), cpu %.3fx, rss %.2fx, rss less maps %.2fx\n", m, s, 1 / s, c, q, l
            ls[m] = add(ls[m], s); lq[m] = add(lq[m], q); ll[m] = add(ll[m], l); lc[m] = add(lc[m], c)
          }
          if ((r, "bcc-python-empty") in start) {
            e = start[r, "bcc-python-empty"] / b; ec = cpu[r, "bcc-python-empty"] / cpu[r, "bcc-python"]
            printf "    %-18s start %.2fx of bcc-python, cpu %.2fx: the floor of a compile through bcc\n", "bcc-python-empty", e, ec
            le = add(le, e); lec = add(lec, ec)
          }
          llink = add(llink, link[r, "ebpf4j-cached"]); lnative = add(lnative, native[r, "ebpf4j-cached"])
          lother = add(lother, other[r, "ebpf4j-cached"])
        }
      }
      printf "== start-up, median of per-run ratios over %d run(s)\n", nruns
      printf "    cached/bcc start %.3fx (goal <= 0.05x), cold/bcc start %.2fx (goal <= 0.6x)\n", median(ls["ebpf4j-cached"]), median(ls["ebpf4j-cold"])
      printf "    cached/bcc rss %.2fx (goal <= 0.5x), cold/bcc rss %.2fx (goal <= 1.0x)\n", median(lq["ebpf4j-cached"]), median(lq["ebpf4j-cold"])
      printf "    start cpu: cached/bcc %.3fx, cold/bcc %.2fx\n", median(lc["ebpf4j-cached"]), median(lc["ebpf4j-cold"])
      if (le != "")
        printf "    bcc-python on an empty function: start %.2fx, cpu %.2fx of bcc-python on this C (the floor for cold)\n", median(le), median(lec)
      printf "    rss less maps: cached/bcc %.2fx, cold/bcc %.2fx\n", median(ll["ebpf4j-cached"]), median(ll["ebpf4j-cold"])
      if (ls["ebpf4j-cached-aot"] != "")
        printf "    with an AOT cache: cached/bcc start %.3fx, cpu %.3fx, rss %.2fx, rss less maps %.2fx\n", median(ls["ebpf4j-cached-aot"]), median(lc["ebpf4j-cached-aot"]), median(lq["ebpf4j-cached-aot"]), median(ll["ebpf4j-cached-aot"])
      printf "    one-time cost of the first session (cached JVM): %s ms, of which native linking %s ms (goal < 100) and the rest (class loading, first runs) %s ms\n", median(llink), median(lnative), median(lother)
    }' "$1"
}

run_startup() { # run_startup FILE SUMMARY
  if [[ ${SKIP_STARTUP:-0} == 1 || -z ${EBPF4J_BENCH_CP:-} ]]; then
    log "start-up: skipped"
    return 0
  fi
  local r cache=$OUT_DIR/start-cache
  for ((r = 1; r <= RUNS; r++)); do
    log "start-up run $r/$RUNS"
    run_startup_once "$cache" | sed "s/^/run=$r /" >>"$1" || log "start-up: failed"
  done
  rm -rf "$cache"
  echo "== start-up: GetppidProbes (one tracepoint), JVM options: ${START_JAVA_OPTS:-none}"
  print_startup "$1"
}

# The profiling overhead: a CPU-bound loop's CPU per unit, a 99 Hz profiler on and off in pairs.
run_profile_overhead() {
  if [[ ${SKIP_PROFILE:-0} == 1 || -z ${EBPF4J_BENCH_CP:-} ]]; then
    log "profile overhead: skipped"
    return 0
  fi
  bounded "${JAVA:-java}" --enable-native-access=ALL-UNNAMED -cp "$EBPF4J_BENCH_CP" \
    io.ebpf4j.bench.ProfileOverheadBench --pairs "${PROFILE_PAIRS:-16}" --units 12 2>/dev/null
}
# ======================================================

# paired THREADS STEP...: the no-probe loadgen, then STEP, whose lines get
# that no-probe cost as noprobe_ns_per_call, the base of their overhead.
paired() {
  local threads=$1 base
  shift
  base=$(run_no_probe "$threads" | field producer_ns_per_call) || base=n/a
  "$@" | sed "s|\$| noprobe_ns_per_call=${base:-n/a}|"
}

# run_load LOAD THREADS: every consumer once, a failed step reported and
# skipped; each line prefixed with "load=LOAD".
run_load() {
  local load=$1 threads=$2 mode
  {
    run_no_probe "$threads" || log "no-probe: failed"
    if [[ ${SKIP_STREAMING:-0} != 1 ]]; then
      if [[ $load == single ]]; then
        paired 1 run_bpftrace_count || log "bpftrace-count: failed"
      fi
      for mode in perf perf-batch ringbuf; do
        paired "$threads" run_bcc "$mode" "$threads" || log "bcc-python-$mode: failed"
      done
      paired "$threads" run_ebpf4j "$threads" || log "ebpf4j: failed"
    fi
    if [[ $load == single && ${SKIP_AGGREGATES:-0} != 1 ]]; then
      for mode in count hist; do
        paired 1 run_bpftrace_agg "$mode" || log "bpftrace-agg-$mode: failed"
        paired 1 run_ebpf4j_agg "$mode" || log "ebpf4j-agg-$mode: failed"
      done
    fi
  } | sed "s/^/load=$load /"
}

# print_summary FILE: the per-run tables and ratios, then the medians over the
# runs, from lines "run=R load=L impl=I k=v ...".
print_summary() {
  awk '
    function num(x) { return x ~ /^-?[0-9.]+$/ }
    function median(list, n,    a, i, j, x, k) {   # list: "v1 v2 ..."
      n = split(list, a, " ")
      if (n == 0) return "n/a"
      for (i = 2; i <= n; i++) {                   # insertion sort, n is small
        x = a[i]; j = i - 1
        while (j >= 1 && a[j] + 0 > x + 0) { a[j + 1] = a[j]; j-- }
        a[j + 1] = x
      }
      return a[int((n + 1) / 2)]                   # lower median for an even count
    }
    function add(list, x) { return list == "" ? x : list " " x }
    {
      delete f
      for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      l = f["load"]; r = f["run"]; m = f["impl"]
      if (!(l in seenload)) { seenload[l] = 1; loads[++nloads] = l }
      if (!((l, m) in seenimpl)) { seenimpl[l, m] = 1; impls[l, ++nimpls[l]] = m }
      if (!((l, r) in seenrun)) { seenrun[l, r] = 1; runs[l, ++nruns[l]] = r }
      for (k in f) v[l, r, m, k] = f[k]
    }
    function cpu(l, r, m) { return ((l, r, m, "consumer_cpu_ns_per_event") in v) ? v[l, r, m, "consumer_cpu_ns_per_event"] : "" }
    function noprobe(l, r, m) {
      return ((l, r, m, "noprobe_ns_per_call") in v) ? v[l, r, m, "noprobe_ns_per_call"] \
        : v[l, r, "no-probe", "producer_ns_per_call"]
    }
    function overhead(l, r, m,    p, b) {
      p = v[l, r, m, "producer_ns_per_call"]; b = noprobe(l, r, m)
      return (num(p) && num(b) && m != "no-probe") ? sprintf("%.0f", p - b) : ""
    }
    function ratio(a, b) { return (num(a) && num(b) && b + 0 > 0) ? sprintf("%.2f", a / b) : "" }
    function base(m) { return m ~ /-cold$/ ? "ebpf4j-cold" : "ebpf4j" }
    END {
      for (li = 1; li <= nloads; li++) {
        l = loads[li]
        for (ri = 1; ri <= nruns[l]; ri++) {
          r = runs[l, ri]
          printf "== run %s, load %s (no probe: %s ns/call, producer threads: %s)\n", r, l,
            v[l, r, "no-probe", "producer_ns_per_call"], v[l, r, "no-probe", "threads"]
          printf "%-27s %9s %9s %9s %8s %6s %10s %9s %9s %9s\n", "impl", "produced", "delivered",
            "lost", "lost_rep", "d+l=p", "cpu_ns/ev", "overhead", "no-probe", "rate/s"
          for (mi = 1; mi <= nimpls[l]; mi++) {
            m = impls[l, mi]
            if (!((l, r, m, "impl") in v)) continue
            o = overhead(l, r, m)
            if (o != "") ovl[l, m] = add(ovl[l, m], o)
            check = "-"
            if ((l, r, m, "delivered") in v) {
              d = v[l, r, m, "delivered"]; lo = v[l, r, m, "lost"]
              check = (d + lo == v[l, r, m, "produced"]) ? "OK" : "NO"
              dl[l, m] = add(dl[l, m], d); lol[l, m] = add(lol[l, m], lo)
              c = cpu(l, r, m); if (num(c)) cl[l, m] = add(cl[l, m], c)
            }
            printf "%-27s %9s %9s %9s %8s %6s %10s %9s %9s %9s\n", m, v[l, r, m, "produced"],
              ((l, r, m, "delivered") in v) ? d : "-", ((l, r, m, "lost") in v) ? lo : "-",
              ((l, r, m, "lost_reported") in v) ? v[l, r, m, "lost_reported"] : "-", check,
              ((l, r, m, "consumer_cpu_ns_per_event") in v) ? cpu(l, r, m) : "-",
              (o == "") ? "-" : o, (m == "no-probe") ? "-" : noprobe(l, r, m),
              ((l, r, m, "rate_per_s") in v) ? v[l, r, m, "rate_per_s"] : "-"
            if (m ~ /^bcc-python-/) {
              rc = ratio(cpu(l, r, m), cpu(l, r, base(m)))
              ro = ratio(o, overhead(l, r, base(m)))
              if (rc != "") rcl[l, m] = add(rcl[l, m], rc)
              if (ro != "") rol[l, m] = add(rol[l, m], ro)
              printf "    %s / %s: cpu per event %s, overhead %s\n", m, base(m),
                (rc == "") ? "n/a" : rc "x", (ro == "") ? "n/a" : ro "x"
            }
            if (m ~ /^ebpf4j-agg-/) {
              bt = "bpftrace-agg-" substr(m, 12)
              ro = ratio(o, overhead(l, r, bt))
              if (ro != "") rag[l, m] = add(rag[l, m], ro)
              printf "    %s / %s: overhead %s\n", m, bt, (ro == "") ? "n/a" : ro "x"
            }
            if (m == "ebpf4j" && l == "single") {
              ro = ratio(o, overhead(l, r, "bpftrace-count"))
              if (ro != "") rbl[l] = add(rbl[l], ro)
              printf "    ebpf4j / bpftrace-count: overhead %s\n", (ro == "") ? "n/a" : ro "x"
            }
          }
        }
        printf "== medians over %d run(s), load %s\n", nruns[l], l
        printf "%-27s %10s %9s %10s %9s\n", "impl", "delivered", "lost", "cpu_ns/ev", "overhead"
        for (mi = 1; mi <= nimpls[l]; mi++) {
          m = impls[l, mi]
          printf "%-27s %10s %9s %10s %9s\n", m, ((l, m) in dl) ? median(dl[l, m]) : "-",
            ((l, m) in lol) ? median(lol[l, m]) : "-", ((l, m) in cl) ? median(cl[l, m]) : "-",
            ((l, m) in ovl) ? median(ovl[l, m]) : "-"
        }
        printf "median of per-run ratios, load %s:\n", l
        for (mi = 1; mi <= nimpls[l]; mi++) {
          m = impls[l, mi]
          if (m !~ /^bcc-python-/) continue
          printf "    %s / %s: cpu per event %s (runs: %s), overhead %s (runs: %s)\n", m, base(m),
            ((l, m) in rcl) ? median(rcl[l, m]) "x" : "n/a", rcl[l, m],
            ((l, m) in rol) ? median(rol[l, m]) "x" : "n/a", rol[l, m]
        }
        if (l in rbl)
          printf "    ebpf4j / bpftrace-count: overhead %sx (runs: %s)\n", median(rbl[l]), rbl[l]
        for (mi = 1; mi <= nimpls[l]; mi++) {
          m = impls[l, mi]
          if ((l, m) in rag)
            printf "    %s / bpftrace-agg-%s: overhead %sx (runs: %s)\n", m, substr(m, 12),
              median(rag[l, m]), rag[l, m]
        }
      }
    }' "$1"
}

# print_medians FILE: one line per impl, each numeric field the median over
# the runs (lower median for an even count). Used by ringbuf_sweep.sh.
print_medians() {
  awk '
    /^impl=/ {
      impl = ""; for (i = 1; i <= NF; i++) if ($i ~ /^impl=/) impl = substr($i, 6)
      if (!(impl in order)) { order[impl] = ++nimpl; names[nimpl] = impl }
      for (i = 1; i <= NF; i++) {
        split($i, kv, "=")
        if (kv[1] == "impl") continue
        if (!((impl, kv[1]) in nk)) { keys[impl, ++nkeys[impl]] = kv[1] }
        vals[impl, kv[1], ++nk[impl, kv[1]]] = kv[2]
      }
    }
    END {
      for (m = 1; m <= nimpl; m++) {
        impl = names[m]; line = "impl=" impl
        for (k = 1; k <= nkeys[impl]; k++) {
          key = keys[impl, k]; n = nk[impl, key]
          for (i = 1; i <= n; i++) a[i] = vals[impl, key, i]
          if (a[1] ~ /^-?[0-9.]+$/) {
            for (i = 2; i <= n; i++) {
              x = a[i]; j = i - 1
              while (j >= 1 && a[j] + 0 > x + 0) { a[j + 1] = a[j]; j-- }
              a[j + 1] = x
            }
          }
          line = line " " key "=" a[int((n + 1) / 2)]
        }
        print line " runs=" nk[impl, "produced"]
      }
    }' "$1"
}

main() {
  [[ $(id -u) == 0 ]] || { echo "run.sh needs root (BPF); run it with sudo" >&2; exit 1; }
  set_up
  build_loadgen
  build_ebpf4j || true
  local stamp all r cpus
  stamp=$(date -u +%Y%m%d-%H%M%S)
  all=$OUT_DIR/results-$stamp.txt
  cpus=$(nproc)
  : >"$all"
  echo "== bench/run.sh $N $RUNS on $(date -u '+%Y-%m-%d %H:%M UTC'): kernel $(uname -r)," \
    "$cpus CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  run_startup "$OUT_DIR/startup-$stamp.txt" | tee "$OUT_DIR/summary-$stamp.txt"
  if [[ ${STARTUP_ONLY:-0} == 1 ]]; then
    return 0
  fi
  for ((r = 1; r <= RUNS; r++)); do
    log "run $r/$RUNS: single producer"
    run_load single 1 | sed "s/^/run=$r /" >>"$all"
    if [[ ${SKIP_SATURATION:-0} != 1 ]]; then
      log "run $r/$RUNS: saturation, $cpus producer threads"
      run_load saturation "$cpus" | sed "s/^/run=$r /" >>"$all"
    fi
    # Leave the shared cores alone for a moment between runs.
    ((r < RUNS)) && sleep 3
  done
  print_summary "$all" | tee -a "$OUT_DIR/summary-$stamp.txt"
  log "map read: 10,000 keys, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "== map read, 10,000 keys (median ms of ${MAP_READ_REPS:-7} reads each)" |
    tee -a "$OUT_DIR/summary-$stamp.txt"
  run_map_read | tee -a "$OUT_DIR/summary-$stamp.txt" || log "map-read: failed"
  echo "== profiling at 99 Hz: CPU per unit of work, on over off" | tee -a "$OUT_DIR/summary-$stamp.txt"
  run_profile_overhead | tee -a "$OUT_DIR/summary-$stamp.txt" || log "profile overhead: failed"
  log "raw lines: $all"
}

# Sourceable (ringbuf_sweep.sh uses the helpers) without running.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
