#!/usr/bin/env bash
# Regenerates the tracepoint format snapshot that the processor falls back to when the build
# machine has no readable tracefs (ebpf4j.formats=auto) or is told to use it (=snapshot).
#
# Usage: sudo processor/scripts/snapshot-formats.sh [output.gz]
#
# Container format (gzip, UTF-8 text), read by io.ebpf4j.processor.SnapshotArchive:
#   - lines starting with "# " before the first entry are comments (kernel release, machine);
#   - each entry is a line "%% <category>/<event>" followed by the exact text of
#     <tracefs>/events/<category>/<event>/format, which always ends with a newline;
#   - entries are sorted by "<category>/<event>" in byte order (LC_ALL=C).
# No format line may start with "%% "; the script checks that, so the container round-trips.
# The gzip stream carries no name or timestamp (gzip -n), so equal input gives equal bytes.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/../src/main/resources/io/ebpf4j/processor/format/tracepoint-formats.gz}

tracefs=""
for candidate in /sys/kernel/tracing /sys/kernel/debug/tracing; do
  if [ -d "$candidate/events/syscalls" ]; then tracefs=$candidate; break; fi
done
if [ -z "$tracefs" ]; then
  # Documented in Documentation/trace/ftrace.rst: tracefs is mounted at /sys/kernel/tracing.
  mount -t tracefs nodev /sys/kernel/tracing
  tracefs=/sys/kernel/tracing
fi
events=$tracefs/events
[ -r "$events/syscalls/sys_enter_bind/format" ] \
  || { echo "cannot read $events (run as root)" >&2; exit 1; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
  echo "# ebpf4j tracepoint formats: Linux $(uname -r) $(uname -m)"
  echo "# regenerate with processor/scripts/snapshot-formats.sh"
  count=0
  while IFS= read -r entry; do
    file=$events/$entry/format
    if grep -q '^%% ' "$file"; then
      echo "$file has a line starting with '%% '; the container cannot hold it" >&2; exit 1
    fi
    if [ -n "$(tail -c 1 "$file")" ]; then
      echo "$file does not end with a newline" >&2; exit 1
    fi
    echo "%% $entry"
    cat "$file"
    count=$((count + 1))
  done < <(cd "$events" && find . -mindepth 3 -maxdepth 3 -name format -printf '%h\n' \
             | sed 's|^\./||' | sort)
  echo "$count formats" >&2
} > "$tmp"
gzip -n -9 < "$tmp" > "$out"
echo "wrote $out" >&2
