#!/usr/bin/env bash
# What @JfrEvents costs per event: io.ebpf4j.bench.JfrBench runs the getppid()
# load generator through a plain handler, a @JfrEvents handler with no
# recording, and the same with a recording of its events to disk, in one JVM,
# in turn, and prints each round and the medians with their ratios to plain.
#
# Usage: bench/jfr.sh [N] [ROUNDS]      (defaults: N=1000000, ROUNDS=5). Needs root.
set -euo pipefail
N=${1:-1000000}
ROUNDS=${2:-5}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$BENCH_DIR/.." && pwd)
OUT_DIR=$BENCH_DIR/out
bash "$ROOT_DIR/scripts/setup.sh" --bench >/dev/null
# shellcheck source=../scripts/env.sh
source "$ROOT_DIR/scripts/env.sh" 2>/dev/null
mkdir -p "$OUT_DIR"
gcc -O2 -Wall -Wextra -Werror -pthread -o "$OUT_DIR/loadgen" "$BENCH_DIR/loadgen.c"
if [[ -z ${EBPF4J_BENCH_CP:-} ]]; then
  (cd "$ROOT_DIR" && mvn -B -q -ntp -pl bench -am install -DskipTests >&2)
  EBPF4J_BENCH_CP=$ROOT_DIR/bench/target/classes:$(cat "$ROOT_DIR/bench/target/runtime-classpath.txt")
fi
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$EBPF4J_BENCH_CP" \
  io.ebpf4j.bench.JfrBench --loadgen "$OUT_DIR/loadgen" -n "$N" --rounds "$ROUNDS" 2>/dev/null
