#!/usr/bin/env bash
# Sets the machine up, builds ebpf4j and runs one example:
#   scripts/run-example.sh BindSnoop [--duration 10s]
#   scripts/run-example.sh SyscallTrace openat [--filter-pid N] [--duration 10s]
# Examples: HelloClone, BindSnoop, NativeHello, OpenSnoop, ExecSnoop, OpenErrors, SyscallCount,
# SyscallLatency, SyscallMetrics [--port 9435], SyscallTrace, JvmGc, JvmThreads, ClassLoads,
# Profile, JavaHotMethods, OffCpu (see the README's table).
# Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
example=${1:?usage: scripts/run-example.sh <example, e.g. BindSnoop> [its arguments] [--duration 10s]}
shift
source scripts/env.sh
mvn -B -q -ntp install -DskipTests >&2
mvn -B -q -ntp -pl examples dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
exec java --enable-native-access=ALL-UNNAMED \
  -cp "examples/target/classes:$(cat examples/target/classpath.txt)" \
  "io.ebpf4j.examples.$example" "$@"
