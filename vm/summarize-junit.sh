#!/usr/bin/env bash
# Prints the lane's summary of the JUnit XML the Console Launcher wrote in the VM, and exits
# with the lane's final status: STATUS, or 4 if STATUS is 0 but a test was skipped. The lane
# runs where the kernel has everything, so a test that did not run is a failure there; the
# launcher itself exits 0 for aborted and disabled tests.
#
# Usage: vm/summarize-junit.sh STATUS REPORTS_DIR
#   STATUS       the guest command's exit status
#   REPORTS_DIR  where the TEST-*.xml reports are (none is fine: the summary says so)
#
# The launcher writes one legacy XML report per engine: a <testsuite> with totals, and a
# <testcase> per test with <failure>, <error> or <skipped> inside; <skipped> stands for both
# an aborted test (a failed assumption) and a disabled one.
set -euo pipefail

readonly SKIPPED_STATUS=4

(($# == 2)) || { echo "usage: $0 STATUS REPORTS_DIR" >&2; exit 125; }
status=$1
reports_dir=$2

mapfile -t reports < <(find "$reports_dir" -name 'TEST-*.xml' 2>/dev/null | sort)
if ((${#reports[@]} == 0)); then
  echo "[kernel-tests] no JUnit report was written (exit $status)" >&2
  exit "$status"
fi
awk -v status="$status" -v skipped_status="$SKIPPED_STATUS" '
  function attr(line, name,   m) {
    if (match(line, name "=\"[^\"]*\"")) return substr(line, RSTART + length(name) + 2, RLENGTH - length(name) - 3)
    return ""
  }
  /<testsuite / { for (k in totals) totals[k] += attr($0, k) }
  /<testcase / { test = attr($0, "classname") "#" attr($0, "name") }
  /<(failure|error)[ >]/ { bad[++nbad] = "FAILED  " test }
  /<skipped[ >\/]/ { bad[++nbad] = "SKIPPED " test; nskipped++ }
  BEGIN { split("tests failures errors skipped", keys); for (i in keys) totals[keys[i]] = 0 }
  END {
    printf "[kernel-tests] JUnit in the VM: %d tests, %d failures, %d errors, %d skipped; exit %d\n",
      totals["tests"], totals["failures"], totals["errors"], totals["skipped"], status
    for (i = 1; i <= nbad; i++) print "[kernel-tests]   " bad[i]
    if (status == 0 && nskipped > 0) {
      printf "[kernel-tests] error: %d test(s) did not run (SKIPPED above: aborted or disabled); " \
        "in the lane every selected test must run, so it fails with exit %d\n", nskipped, skipped_status
      exit skipped_status
    }
    exit status
  }' "${reports[@]}" >&2
