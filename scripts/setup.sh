#!/usr/bin/env bash
# Prepares this machine to build ebpf4j and run its kernel tests and examples. Idempotent: each
# step checks first and does only what is missing. Needs root (apt, mount, /lib/modules).
#
#   - the Debian packages of each part asked for (all from Debian's own registry):
#       always    bcc (libbpfcc, libbpfcc-dev), kernel headers (linux-headers-amd64), and
#                 bpftrace, which the aggregation kernel test checks ebpf4j's counts against;
#                 prometheus, which the metrics kernel test scrapes an example with;
#                 python3.11-minimal, whose USDT probes have semaphores (UsdtSemaphoreKernelTest);
#                 gcc and libc6-dev, with which the stack kernel tests build a small C program;
#                 bpfcc-tools (bcc's profile) and chromium, with which the profiling kernel
#                 tests compare with bcc and render a flame graph;
#       --vm      the kprobe VM lane: qemu-system-x86, busybox-static, cpio, and python3-bpfcc
#                 for its self-test (vm/smoke-kprobe.py) inside the guest;
#       --bench   bench/run.sh: python3-bpfcc (bcc-Python baselines), bpftrace, gcc;
#   - /lib/modules/$(uname -r)/build and .../source linked to those headers when the running
#     kernel has none of its own (bcc compiles BPF C against them);
#   - tracefs mounted at /sys/kernel/tracing;
#   - a JDK 22 or newer: prints `export JAVA_HOME=...` for scripts/env.sh to pick up.
set -euo pipefail

log() { echo "[setup] $*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
  echo "[setup] run as root: it installs packages, links kernel headers and mounts tracefs" >&2
  exit 1
fi

packages=(libbpfcc libbpfcc-dev linux-headers-amd64 bpftrace prometheus python3.11-minimal gcc libc6-dev)
packages+=(bpfcc-tools chromium) # profiling's kernel tests
for part in "$@"; do
  case $part in
    --vm) packages+=(qemu-system-x86 busybox-static cpio python3-bpfcc) ;;
    --bench) packages+=(python3-bpfcc bpftrace gcc) ;;
    *) echo "[setup] usage: setup.sh [--vm] [--bench]" >&2; exit 2 ;;
  esac
done
mapfile -t packages < <(printf "%s\n" "${packages[@]}" | sort -u)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "packages already installed: ${packages[*]}"
fi

# bcc looks for the running kernel's headers under /lib/modules/$(uname -r). A kernel without a
# headers package (like this 6.18) gets Debian's newest installed ones: the BPF programs here use
# only stable UAPI structs and helpers, so a different minor version compiles the same code.
release=$(uname -r)
modules=/lib/modules/$release
if [[ -e $modules/build ]]; then
  log "kernel headers: $modules/build exists"
else
  build=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
  if [[ -z $build ]]; then
    echo "[setup] no /usr/src/linux-headers-*-amd64 after installing linux-headers-amd64" >&2
    exit 1
  fi
  common=${build%-amd64}-common
  mkdir -p "$modules"
  ln -sfn "$build" "$modules/build"
  [[ -e $modules/source ]] || ln -sfn "$common" "$modules/source"
  log "kernel headers: linked $modules/build -> $build, source -> $common"
fi

if [[ -d /sys/kernel/tracing/events ]]; then
  log "tracefs already mounted"
else
  mount -t tracefs nodev /sys/kernel/tracing
  log "mounted tracefs at /sys/kernel/tracing"
fi

# The newest JDK >= 22 wins: $JAVA_HOME if it qualifies, else one under /usr/lib/jvm.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
jdk=""
for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
  [[ -x $candidate/bin/javac ]] || continue
  major=$(java_major "$candidate")
  if [[ -n $major && $major -ge 22 ]]; then
    jdk=$candidate
    [[ $candidate == "${JAVA_HOME:-}" ]] && break
  fi
done
if [[ -z $jdk ]]; then
  echo "[setup] no JDK 22 or newer found (ebpf4j uses java.lang.foreign). Install one, e.g. Temurin" \
    "from https://adoptium.net/installation/linux/ (apt: temurin-25-jdk), then set JAVA_HOME." >&2
  exit 1
fi
log "JDK: $jdk ($(java_major "$jdk"))"
echo "export JAVA_HOME=$jdk"
