#!/usr/bin/env bash
# Writes the checked-in snapshot of a libjvm.so's SDT notes, which the processor reads where the
# binary a @Usdt or @Hotspot probe names is absent on the build machine. One line per location:
#   # comment lines, then <provider> <name> <argument spec>
# Usage: processor/scripts/snapshot-sdt-notes.sh [path/to/libjvm.so]
set -euo pipefail
lib=${1:-/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so}
out=$(dirname "$0")/../src/main/resources/io/ebpf4j/processor/format/libjvm-sdt-notes.txt
{
  echo "# SDT notes of $lib ($(readlink -f "$lib" | xargs -I{} sh -c 'cat "$(dirname {})/../../release" 2>/dev/null | grep ^JAVA_VERSION= || true'))"
  echo "# written by processor/scripts/snapshot-sdt-notes.sh: <provider> <name> <argument spec>"
  readelf -n --wide "$lib" | awk '
    /Provider:/ { sub(/.*Provider:[ \t]*/, ""); provider = $0 }
    /Name:/ { name = $2 }
    /Arguments:/ { sub(/^[ \t]*Arguments:[ \t]*/, ""); print provider " " name " " $0 }'
} > "$out"
echo "wrote $(grep -vc '^#' "$out") locations to $out"
