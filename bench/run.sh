#!/usr/bin/env bash
# Throughput benchmark: getppid() x N, one probe on syscalls:sys_enter_getppid
# filtered to the loadgen's pid, events delivered to a user-space callback.
#
# Usage: bench/run.sh [N] [RUNS]        (defaults: N=1000000, RUNS=1)
#
# Prints one "impl=..." line per implementation and run, the ratios the issue
# asks for per run, and with RUNS>1 the per-field medians and their ratios.
# Every step is bounded by timeout(1); nothing waits for input. Needs root.
#
# Environment:
#   EBPF4J_BENCH_CP  classpath holding io.ebpf4j.bench.ThroughputBench; when
#                    unset, run.sh builds the bench module with Maven and the
#                    JDK scripts/env.sh picks, and uses its classes
#   JAVA             java launcher for the ebpf4j run (default: that JDK's)
#   STEP_TIMEOUT_S   bound for each step (default: 180)
#   SKIP_BPFTRACE=1  skip the bpftrace count() run
set -euo pipefail

N=${1:-1000000}
RUNS=${2:-1}
[[ $N =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ ]] ||
  { echo "usage: $0 [N] [RUNS]" >&2; exit 2; }
STEP_TIMEOUT_S=${STEP_TIMEOUT_S:-180}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=$BENCH_DIR/out
LOADGEN=$OUT_DIR/loadgen
# bcc's Python bindings exist only for Debian's interpreter, not pyenv's.
SYS_PYTHON=/usr/bin/python3

log() { echo "# $*" >&2; }

build_loadgen() {
  mkdir -p "$OUT_DIR"
  gcc -O2 -Wall -Wextra -Werror -o "$LOADGEN" "$BENCH_DIR/loadgen.c"
}

# Kill a step that overruns; SIGKILL 10 s later if SIGTERM is ignored.
bounded() { timeout -k 10 "$STEP_TIMEOUT_S" "$@"; }

field() { # field KEY <<< "k=v k=v"
  tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1
}

run_no_probe() {
  local line
  line=$(echo go | bounded "$LOADGEN" "$N" | grep '^produced=')
  echo "impl=no-probe produced=$(field produced <<<"$line")" \
       "producer_ns_per_call=$(field ns_per_call <<<"$line")"
}

ensure_bpftrace() {
  command -v bpftrace >/dev/null && return 0
  log "installing bpftrace"
  DEBIAN_FRONTEND=noninteractive bounded apt-get install -y -q bpftrace \
    >"$OUT_DIR/apt-bpftrace.log" 2>&1 || true
  command -v bpftrace >/dev/null
}

# In-kernel-only cost: the same probe and filter, a per-CPU count(), nothing
# sent to user space. "bpftrace -c" holds the child until the probe is
# attached and exits when it does.
run_bpftrace_count() {
  if [[ ${SKIP_BPFTRACE:-0} == 1 ]] || ! ensure_bpftrace; then
    log "bpftrace-count: skipped"
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

run_bcc() {
  bounded "$SYS_PYTHON" "$BENCH_DIR/bcc_baseline.py" --mode "$1" -n "$N" \
    --loadgen "$LOADGEN" | grep '^impl='
}

# ===================== ebpf4j run =====================
# io.ebpf4j.bench.ThroughputBench (bench/src/main/java) follows the protocol
# of bcc_baseline.py: it takes "--loadgen PATH -n N", starts the loadgen,
# reads its "ready pid=P" line, starts GetppidProbes (one @Kprobe("getppid")
# handler that sums fields of every GetppidEvent) with the default options
# and only the process filter set, writes one byte to the loadgen's stdin,
# waits until it has exited and every event is delivered or counted lost, and
# prints one line:
#   impl=ebpf4j produced=.. delivered=.. lost=.. rate_per_s=..
#       producer_ns_per_call=.. attach_ms=.. [diagnostic fields]
# lost is ProbeSession.lostEvents(), counted in the kernel, so that
# delivered + lost == produced. It does this twice in one JVM: first cold
# (impl=ebpf4j-cold, shown, and checked for delivered + lost == produced),
# then warm (impl=ebpf4j, the steady state the ratios are computed from).

# Builds the bench module (and what it needs) unless EBPF4J_BENCH_CP is set.
build_ebpf4j() {
  [[ -n ${EBPF4J_BENCH_CP:-} ]] && return 0
  local root
  root=$(cd "$BENCH_DIR/.." && pwd)
  log "building ebpf4j-bench"
  (
    # shellcheck source=../scripts/env.sh
    source "$root/scripts/env.sh" >&2
    cd "$root"
    bounded mvn -q -pl bench -am install -DskipTests >&2
    echo "$JAVA_HOME/bin/java"
  ) >"$OUT_DIR/java-path" || { log "ebpf4j: build failed"; return 1; }
  JAVA=${JAVA:-$(cat "$OUT_DIR/java-path")}
  EBPF4J_BENCH_CP=$root/bench/target/classes:$(cat "$root/bench/target/runtime-classpath.txt")
}

run_ebpf4j() {
  if [[ -z ${EBPF4J_BENCH_CP:-} ]]; then
    log "ebpf4j: skipped (no build)"
    return 0
  fi
  bounded "${JAVA:-java}" --enable-native-access=ALL-UNNAMED \
    -cp "$EBPF4J_BENCH_CP" io.ebpf4j.bench.ThroughputBench \
    --loadgen "$LOADGEN" -n "$N" | grep '^impl=ebpf4j'
}
# ======================================================

# print_ratios FILE [medians]: the issue's ratios from the lines of one run,
# or of the medians. A missing line makes its ratio "n/a", never an error.
# delivered+lost==produced is only checked per run: medians of delivered and
# of lost come from different runs and need not add up.
print_ratios() {
  awk -v medians="${2:-}" '
    /^impl=/ {
      for (i = 1; i <= NF; i++) {
        split($i, kv, "=")
        if (kv[1] == "impl") impl = kv[2]; else v[impl, kv[1]] = kv[2]
      }
      if (!(impl in seen)) { seen[impl] = 1; names[++nimpl] = impl }
    }
    function ratio(a, b) { return (b + 0 > 0) ? sprintf("%.2f", a / b) : "n/a" }
    function goal(r, op, g) {
      if (r == "n/a") return ""
      return ((op == ">=" && r + 0 >= g) || (op == "<=" && r + 0 <= g)) \
        ? "  [goal " op " " g ": met]" : "  [goal " op " " g ": NOT met]"
    }
    END {
      for (m = 1; m <= nimpl && medians == ""; m++) {
        impl = names[m]
        if (!((impl, "delivered") in v)) continue
        total = v[impl, "delivered"] + v[impl, "lost"]
        unrep = ""
        if ((impl, "lost_reported") in v && v[impl, "lost_reported"] < v[impl, "lost"])
          unrep = sprintf(" (%d of the lost never reported to user space)",
            v[impl, "lost"] - v[impl, "lost_reported"])
        printf "%s: delivered+lost=%d produced=%d %s%s\n", impl, total,
          v[impl, "produced"], (total == v[impl, "produced"]) ? "OK" : "MISMATCH", unrep
      }
      if (!("ebpf4j" in seen)) { print "ebpf4j: not run"; exit }
      e = "ebpf4j"
      printf "ebpf4j delivered/produced = %s\n",
        ratio(v[e, "delivered"], v[e, "produced"])
      r = ratio(v[e, "rate_per_s"], v["bcc-python-perf", "rate_per_s"])
      printf "ebpf4j rate / bcc-python-perf rate = %s%s\n", r, goal(r, ">=", 8)
      r = ratio(v[e, "rate_per_s"], v["bcc-python-ringbuf", "rate_per_s"])
      printf "ebpf4j rate / bcc-python-ringbuf rate = %s%s\n", r, goal(r, ">=", 2.5)
      r = ratio(v[e, "producer_ns_per_call"], v["bpftrace-count", "producer_ns_per_call"])
      printf "ebpf4j producer ns/call / bpftrace-count ns/call = %s%s\n", r,
        goal(r, "<=", 1.25)
    }' "$1"
}

# print_medians FILE: one line per impl, each numeric field the median over
# the runs (upper median for an even count).
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
            for (i = 2; i <= n; i++) {          # insertion sort, n is small
              x = a[i]; j = i - 1
              while (j >= 1 && a[j] + 0 > x + 0) { a[j + 1] = a[j]; j-- }
              a[j + 1] = x
            }
          }
          line = line " " key "=" a[int(n / 2) + 1]
        }
        print line " runs=" nk[impl, "produced"]
      }
    }' "$1"
}

main() {
  [[ $(id -u) == 0 ]] || { echo "run.sh needs root (BPF)" >&2; exit 1; }
  build_loadgen
  build_ebpf4j || true
  local all=$OUT_DIR/results-$(date +%Y%m%d-%H%M%S).txt run_file r
  : >"$all"
  for ((r = 1; r <= RUNS; r++)); do
    run_file=$OUT_DIR/run-$r.txt
    : >"$run_file"
    echo "== run $r/$RUNS (N=$N)"
    # A failed step is reported and the run goes on with the next one.
    { run_no_probe || log "no-probe: failed"
      run_bpftrace_count || log "bpftrace-count: failed"
      run_bcc perf || log "bcc-python-perf: failed"
      run_bcc ringbuf || log "bcc-python-ringbuf: failed"
      run_ebpf4j || log "ebpf4j: failed"
    } | tee -a "$run_file"
    print_ratios "$run_file"
    cat "$run_file" >>"$all"
    # Leave the shared cores alone for a moment between runs.
    ((r < RUNS)) && sleep 3
  done
  if ((RUNS > 1)); then
    echo "== medians over $RUNS runs"
    print_medians "$all" | tee "$OUT_DIR/medians.txt"
    print_ratios "$OUT_DIR/medians.txt" medians
  fi
  log "raw lines: $all"
}

# Sourceable (ringbuf_sweep.sh uses the helpers) without running.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  main "$@"
fi
