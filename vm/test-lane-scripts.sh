#!/usr/bin/env bash
# Checks the lane's own scripts on this host, without booting the VM: the JUnit summary's exit
# status against reports the Console Launcher really wrote (vm/testdata/), and each cause the
# self-test (smoke-kprobe.py) must name. Needs root for the self-test cases: they hide a
# kprobe PMU or kernel headers in a private mount namespace (unshare -m), nothing global.
#
# Usage: vm/test-lane-scripts.sh   Exit status 0 if every check passed, else 1.
set -uo pipefail

vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
readonly vm_dir
failed=0

# check NAME EXPECTED_STATUS EXPECTED_TEXT COMMAND...: runs COMMAND, wants that status and text.
check() {
  local name=$1 want_status=$2 want_text=$3 output status=0
  shift 3
  output=$("$@" 2>&1) || status=$?
  if ((status != want_status)); then
    printf 'FAIL %s: exit %d, wanted %d\n%s\n' "$name" "$status" "$want_status" "$output"
    failed=1
  elif [[ $output != *"$want_text"* ]]; then
    printf 'FAIL %s: output lacks "%s"\n%s\n' "$name" "$want_text" "$output"
    failed=1
  else
    printf 'ok   %s\n' "$name"
  fi
}

summarize() { "$vm_dir/summarize-junit.sh" "$@"; }
readonly data=$vm_dir/testdata

check "passing reports keep exit 0" 0 "4 tests, 0 failures, 0 errors, 0 skipped" \
  summarize 0 "$data/reports-passed"
# Aborted tests (here by a failed assumption) leave the launcher's exit at 0.
check "an aborted test fails the lane" 4 \
  "SKIPPED io.ebpf4j.runtime.KprobePassthroughKernelTest#kretprobeSeesTheReturnValue()" \
  summarize 0 "$data/reports-aborted"
check "failures keep the launcher's exit 1" 1 "4 skipped" summarize 1 "$data/reports-aborted"
check "no reports keep the guest's exit" 3 "no JUnit report" summarize 3 "$data/no-such-dir"

smoke() { /usr/bin/python3 "$vm_dir/smoke-kprobe.py"; }
# python3 -S leaves out dist-packages, where python3-bpfcc puts bcc.
check "self-test names the missing bcc package" 3 "install python3-bpfcc (scripts/setup.sh --vm" \
  /usr/bin/python3 -S "$vm_dir/smoke-kprobe.py"
if ((EUID != 0)); then
  echo "FAIL the self-test checks below need root (unshare -m)"
  exit 1
fi
check "self-test names a kernel without kprobes" 2 "no kprobe PMU" \
  unshare -m sh -c 'mount -t tmpfs none /sys/bus/event_source/devices && exec "$@"' sh \
  /usr/bin/python3 "$vm_dir/smoke-kprobe.py"
# A kprobe PMU directory (so the check passes on this host) but no kernel headers for bcc.
check "self-test names a compile failure" 4 "could not compile or load" \
  unshare -m sh -c 'mount -t tmpfs none /sys/bus/event_source/devices &&
    mkdir /sys/bus/event_source/devices/kprobe && mount -t tmpfs none /lib/modules && exec "$@"' sh \
  /usr/bin/python3 "$vm_dir/smoke-kprobe.py"
# Hiding bcc's package directory makes its import fail as on a machine without python3-bpfcc.
bcc_dir=$(/usr/bin/python3 -c 'import bcc, os; print(os.path.dirname(bcc.__file__))' 2>/dev/null) || {
  echo "FAIL bcc's Python bindings are not installed here: scripts/setup.sh --vm installs python3-bpfcc"
  exit 1
}
check "the lane stops before booting when bcc's bindings are missing" 125 "install python3-bpfcc" \
  unshare -m sh -c 'mount -t tmpfs none "$0" && exec "$@"' "$bcc_dir" \
  "$vm_dir/run-kernel-tests-in-vm.sh" --timeout 5 io.ebpf4j.runtime.ProbeSessionKernelTest
exit "$failed"
