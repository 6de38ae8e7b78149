#!/usr/bin/env bash
# Sets the machine up, then builds ebpf4j and runs every test, the kernel tests included.
# Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mvn -B -ntp verify "$@"
