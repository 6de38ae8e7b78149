#!/usr/bin/env bash
# Experiment: how the producer's cost and the delivered rate depend on the
# ring buffer's wakeup flags and size, and on perf's wakeup_events, with the
# bcc-Python consumer. Not part of the benchmark; informs the Java consumer.
#
# Usage: bench/ringbuf_sweep.sh [N] [REPS]     (defaults: 1000000, 3)
# Prints the median line of each configuration.
#
# bpf_ringbuf_submit flags (include/uapi/linux/bpf.h, BPF_RB_*):
#   default       wake the reader only if it has caught up (adaptive)
#   no_wakeup     never wake; the reader must drain on its own clock
#   force_wakeup  wake on every record
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=run.sh
source "$BENCH_DIR/run.sh" "${1:-1000000}" 1
REPS=${2:-3}

CONFIGS=(
  "--mode ringbuf --rb-flags default --ring-pages 2048"
  "--mode ringbuf --rb-flags force_wakeup --ring-pages 2048"
  "--mode ringbuf --rb-flags no_wakeup --ring-pages 2048 --poll-ms 100"
  "--mode ringbuf --rb-flags no_wakeup --ring-pages 2048 --poll-ms 10"
  "--mode ringbuf --rb-flags default --ring-pages 16384"
  "--mode ringbuf --rb-flags no_wakeup --ring-pages 16384 --poll-ms 100"
  "--mode perf"
  "--mode perf-batch --batch-wakeup-events 64"
)

[[ $(id -u) == 0 ]] || { echo "needs root (BPF)" >&2; exit 1; }
build_loadgen
for config in "${CONFIGS[@]}"; do
  reps_file=$OUT_DIR/sweep-reps.txt
  : >"$reps_file"
  for ((i = 1; i <= REPS; i++)); do
    # shellcheck disable=SC2086  # config is a list of options
    bounded "$SYS_PYTHON" "$BENCH_DIR/bcc_baseline.py" $config --passes 1 -n "$N" \
      --loadgen "$LOADGEN" | grep '^impl=' >>"$reps_file" ||
      log "failed: $config"
    sleep 1
  done
  print_medians "$reps_file"
done
