#!/usr/bin/env bash
# Runs the runtime module's kernel tests inside the kprobe VM (run-kprobe-lane.sh).
#
# The class path is computed here on the host with Maven; the guest only runs a
# JVM on it, because the guest sees the host's / read-only and has no network.
#
# Usage:
#   vm/run-kernel-tests-in-vm.sh [--build] [--no-smoke] [--timeout SECONDS] [--] [SELECTION...]
#
# SELECTION: either class names, each becoming --select-class NAME, e.g.
#   io.ebpf4j.runtime.ProbeSessionKernelTest io.ebpf4j.runtime.BpfModuleKernelTest
# or, as soon as one word starts with "-", JUnit Console Launcher options passed
# through as they are, e.g.
#   --scan-class-path --include-tag kernel
# Without a selection: every class named *KernelTest in runtime/target/test-classes.
#
#   --build     first run `mvn -pl runtime -am test-compile`; then the api module
#               comes from api/target/classes. Without it, target/ must be
#               compiled already and ebpf4j-api is taken from ~/.m2 (mvn install).
#   --no-smoke  skip the lane self-test (vm/smoke-kprobe.py) that runs before the JVM.
#
# In the guest: EBPF4J_EXPECT_KPROBES=1 and CI=true, so kernel tests fail
# instead of skipping. EBPF4J_VM_JAVA_OPTS replaces the guest JVM's extra
# options (default -XX:TieredStopAtLevel=1; set it empty for none).
# JUnit XML ends up in runtime/target/vm-reports/. Exit status: the Console
# Launcher's (0 passed, 1 failures, 2 no tests), 3 if the self-test failed (the
# summary repeats its one-line cause), 4 if every test that ran passed but some
# were skipped, aborted or disabled, 124 if the VM timed out, 125 if the lane
# itself failed; any other is the guest JVM's (134 after a crash: its hs_err
# log lands in runtime/target/vm-lane/results/).
set -euo pipefail

readonly JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export JAVA_HOME
# Matches junit.version 5.14.1 in the parent pom (Platform 1.x = Jupiter 5.x).
readonly CONSOLE_VERSION=${JUNIT_PLATFORM_VERSION:-1.14.1}
# Under TCG the JIT is costly: C1 alone cut the launcher's start from ~21 s to
# ~15 s (measured). The tests' time is mostly clang inside libbcc anyway.
readonly DEFAULT_GUEST_JAVA_OPTS=-XX:TieredStopAtLevel=1
readonly CONSOLE_ARTIFACT=org.junit.platform:junit-platform-console-standalone:$CONSOLE_VERSION

vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname "$vm_dir")
readonly vm_dir repo
readonly lane_dir=$repo/runtime/target/vm-lane
readonly results_dir=$lane_dir/results
readonly reports_dir=$repo/runtime/target/vm-reports

log() { printf '[kernel-tests] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 125
}

usage() {
  sed -n '/^# Usage:/,/^# Launcher/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 125
}

parse_args() {
  build=false
  lane_args=()
  guest_env=(--env EBPF4J_EXPECT_KPROBES=1 --env CI=true
    --env "EBPF4J_VM_JAVA_OPTS=${EBPF4J_VM_JAVA_OPTS-$DEFAULT_GUEST_JAVA_OPTS}")
  selection=()
  while (($#)); do
    case $1 in
      --build) build=true; shift ;;
      --no-smoke) guest_env+=(--env EBPF4J_SKIP_SMOKE=1); shift ;;
      --timeout) (($# >= 2)) || usage; lane_args+=(--timeout "$2"); shift 2 ;;
      -h | --help) usage ;;
      --) shift; break ;;
      *) break ;;
    esac
  done
  local arg
  if [[ " $* " == *" -"* ]]; then
    selection=("$@")
  else
    for arg in "$@"; do selection+=(--select-class "$arg"); done
  fi
  if ((${#selection[@]} == 0)); then
    selection=(--scan-class-path "$repo/runtime/target/test-classes" --include-classname '.*KernelTest')
  fi
}

# The self-test in the guest runs this machine's /usr/bin/python3 with its bcc bindings, so a
# missing package is found here, in a second, not after the VM has booted.
check_smoke_prerequisites() {
  [[ " ${guest_env[*]} " == *" EBPF4J_SKIP_SMOKE=1 "* ]] && return
  /usr/bin/python3 -c 'from bcc import BPF' 2>/dev/null ||
    die "bcc's Python bindings are missing (/usr/bin/python3 cannot import bcc), and the lane's self-test needs them: install python3-bpfcc (scripts/setup.sh --vm), or pass --no-smoke"
}

# Writes the runtime module's test class path, in the order surefire uses:
# test classes, classes, then dependencies.
write_classpath() {
  local deps_file=$lane_dir/dependencies.txt
  rm -f "$deps_file"
  mkdir -p "$lane_dir"
  local -a mvn=(mvn -q -B -f "$repo/pom.xml" -pl runtime)
  # Maven's own exit 1 would read as "tests failed", so its failure is the lane's (125).
  if $build; then
    log "compiling runtime and what it needs"
    "${mvn[@]}" -am test-compile dependency:build-classpath \
      -Dmdep.outputFile="$deps_file" -Dmdep.includeScope=test >&2 ||
      die "maven could not compile runtime or compute its test class path (its errors are above)"
  else
    "${mvn[@]}" dependency:build-classpath -Dmdep.outputFile="$deps_file" -Dmdep.includeScope=test >&2 ||
      die "maven could not compute runtime's test class path: run mvn install first (the lane takes ebpf4j-api from the local repository), or pass --build"
  fi
  [[ -s $deps_file ]] || die "maven wrote no class path to $deps_file"
  local dir
  for dir in test-classes classes; do
    [[ -d $repo/runtime/target/$dir ]] || die "runtime/target/$dir is missing: compile first or pass --build"
  done
  printf '%s:%s:%s' "$repo/runtime/target/test-classes" "$repo/runtime/target/classes" \
    "$(<"$deps_file")" >"$lane_dir/classpath.txt"
}

fetch_console_launcher() {
  console_jar=$lane_dir/lib/junit-platform-console-standalone-$CONSOLE_VERSION.jar
  [[ -s $console_jar ]] && return
  log "fetching $CONSOLE_ARTIFACT"
  mvn -q -B -N -f "$repo/pom.xml" dependency:copy -Dartifact="$CONSOLE_ARTIFACT" \
    -DoutputDirectory="$lane_dir/lib" >&2 || die "maven could not fetch $CONSOLE_ARTIFACT (offline?)"
  [[ -s $console_jar ]] || die "dependency:copy did not produce $console_jar"
}

# Repeats what the guest found, then the JUnit summary, and exits with the lane's status.
summarize() {
  local status=$1 smoke="not run"
  [[ -f $results_dir/smoke-status ]] && smoke="exit $(<"$results_dir/smoke-status")"
  [[ -s $results_dir/smoke-verdict ]] && smoke="$smoke: $(<"$results_dir/smoke-verdict")"
  log "lane self-test: $smoke"
  local crash
  for crash in "$results_dir"/hs_err_pid*.log; do
    [[ -f $crash ]] && log "the guest JVM crashed (exit $status): $crash"
  done
  "$vm_dir/summarize-junit.sh" "$status" "$reports_dir"
}

main() {
  parse_args "$@"
  check_smoke_prerequisites
  cd "$repo"
  write_classpath
  fetch_console_launcher
  rm -rf "$results_dir" "$reports_dir"
  mkdir -p "$results_dir"

  local status=0
  "$vm_dir/run-kprobe-lane.sh" --results "$results_dir" "${lane_args[@]}" "${guest_env[@]}" -- \
    /bin/sh "$vm_dir/guest-run-tests.sh" "$lane_dir/classpath.txt" "$console_jar" "${selection[@]}" ||
    status=$?

  if [[ -d $results_dir/reports ]]; then
    mkdir -p "$reports_dir"
    cp -r "$results_dir/reports/." "$reports_dir/"
  fi
  summarize "$status"
}

main "$@"
