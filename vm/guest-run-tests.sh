#!/bin/sh
# Runs inside the lane VM, started by vm/run-kernel-tests-in-vm.sh. First the
# lane self-test, so a broken VM is told apart from a broken ebpf4j; then the
# JUnit Platform Console Launcher on the class path computed on the host.
#
# Usage (guest): guest-run-tests.sh CLASSPATH_FILE CONSOLE_JAR [LAUNCHER_ARG...]
# Writes $EBPF4J_RESULTS/smoke-status and JUnit XML into $EBPF4J_RESULTS/reports.
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
  /usr/bin/python3 "$here/smoke-kprobe.py"
  smoke=$?
  echo "$smoke" >"$EBPF4J_RESULTS/smoke-status"
  if [ "$smoke" -ne 0 ]; then
    echo "lane-tests: the VM self-test failed ($smoke); the VM or its kernel is broken, not ebpf4j"
    exit 3
  fi
fi

echo "lane-tests: JVM starts at $(uptime_s)s"
# JAVA_OPTS is split on purpose: it holds several options.
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${EBPF4J_VM_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED \
  -jar "$console_jar" execute \
  --disable-banner --details=tree --fail-if-no-tests \
  --class-path "$(cat "$classpath_file")" \
  --reports-dir "$EBPF4J_RESULTS/reports" \
  "$@"
status=$?
echo "lane-tests: JVM exited $status at $(uptime_s)s"
exit "$status"
