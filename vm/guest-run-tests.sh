#!/bin/sh
# Runs inside the lane VM, started by vm/run-kernel-tests-in-vm.sh. First the
# lane self-test, so a broken VM is told apart from a broken ebpf4j; then the
# JUnit Platform Console Launcher on the class path computed on the host.
#
# Usage (guest): guest-run-tests.sh CLASSPATH_FILE CONSOLE_JAR [LAUNCHER_ARG...]
# Writes $EBPF4J_RESULTS/smoke-status, smoke-verdict (its one-line cause; see
# smoke-kprobe.py for the statuses) and JUnit XML into $EBPF4J_RESULTS/reports.
# Exit status: the launcher's (0 passed, 1 failures, 2 no tests found),
# or 3 if the self-test failed and no test ran.
set -u
here=$(cd "$(dirname "$0")" && pwd)
classpath_file=$1
console_jar=$2
shift 2

uptime_s() { cut -d' ' -f1 /proc/uptime; }

if [ "${EBPF4J_SKIP_SMOKE:-0}" != 1 ]; then
  echo "lane-tests: self-test starts at $(uptime_s)s"
  verdict=$EBPF4J_RESULTS/smoke-verdict
  rm -f "$verdict"
  /usr/bin/python3 "$here/smoke-kprobe.py" --verdict "$verdict"
  smoke=$?
  echo "$smoke" >"$EBPF4J_RESULTS/smoke-status"
  # The self-test names its own fault; write one only if it could not (no python3, or it died).
  if [ "$smoke" -ne 0 ] && [ ! -s "$verdict" ]; then
    echo "FAIL ($smoke): /usr/bin/python3 $here/smoke-kprobe.py ended without a verdict (exit $smoke; 127: no python3, install it with scripts/setup.sh --vm)" >"$verdict"
  fi
  if [ "$smoke" -ne 0 ]; then
    echo "lane-tests: the lane self-test failed, so no test ran: $(cat "$verdict")"
    exit 3
  fi
fi

echo "lane-tests: JVM starts at $(uptime_s)s"
# JAVA_OPTS is split on purpose: it holds several options.
# shellcheck disable=SC2086
# A crash log in the share outlives the VM; the working directory is read-only anyway.
"$JAVA_HOME/bin/java" ${EBPF4J_VM_JAVA_OPTS:-} -XX:ErrorFile="$EBPF4J_RESULTS/hs_err_pid%p.log" \
  --enable-native-access=ALL-UNNAMED \
  -jar "$console_jar" execute \
  --disable-banner --details=tree --fail-if-no-tests \
  --class-path "$(cat "$classpath_file")" \
  --reports-dir "$EBPF4J_RESULTS/reports" \
  "$@"
status=$?
echo "lane-tests: JVM exited $status at $(uptime_s)s"
if [ "$status" -gt 128 ]; then
  echo "lane-tests: the JVM died of signal $((status - 128)); see $EBPF4J_RESULTS/hs_err_pid*.log"
fi
exit "$status"
