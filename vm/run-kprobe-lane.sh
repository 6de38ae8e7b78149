#!/usr/bin/env bash
# Runs one command inside a throwaway qemu VM that boots Debian's 6.1 kernel.
#
# Why: this host's kernel is built without CONFIG_KPROBES, so no kprobe can be
# attached here. Debian's generic 6.1 image has kprobes, BTF and 9p. The guest
# uses the host's / as a read-only root, so it sees the same JDK, libbcc, kernel
# headers and checkout. Measured facts behind every choice below:
# /work/shared/notes/kernel-vm-lane.md
#
# Usage:
#   vm/run-kprobe-lane.sh --results DIR [--timeout SECONDS] [--env NAME=VALUE]... -- COMMAND [ARG...]
#
# In the guest, COMMAND runs in the host's current directory with
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 (its bin/ first on PATH),
#   EBPF4J_RESULTS=DIR, a writable share with the same absolute path as on the host,
#   HOME=/tmp, and any --env pairs.
# The guest has writable tmpfs on /tmp, /var/tmp and /run (the working directory is bound back
# over them when it lies below one), so other host files under
# those paths are hidden from it. Nothing else in the guest is writable.
#
# Exit status: COMMAND's own status, or
#   124 if the VM did not finish within the timeout (default 480 s,
#       or EBPF4J_VM_TIMEOUT),
#   125 if the lane itself failed (bad usage, no status reported by the guest).
#
# Environment knobs: EBPF4J_VM_CACHE (default /var/cache/ebpf4j-vm),
# EBPF4J_VM_MEMORY (default 2G), EBPF4J_VM_CPUS (default 2),
# EBPF4J_VM_ROOT_9P_OPTS (9p mount options of the guest's root).
set -euo pipefail

readonly GUEST_JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
readonly CACHE_DIR=${EBPF4J_VM_CACHE:-/var/cache/ebpf4j-vm}
readonly VM_MEMORY=${EBPF4J_VM_MEMORY:-2G}
readonly VM_CPUS=${EBPF4J_VM_CPUS:-2}
# One host thread runs all vCPUs (thread=single), because multi-threaded TCG crashed guest
# JVMs at random: SIGSEGV/SIGILL a few bytes into freshly C1-compiled java.base methods
# (String.lastIndexOf, substring, Arrays.copyOfRange), with or without ebpf4j: a plain
# Java program reading /proc/kallsyms, JVM defaults, one boot each: -cpu max 4 of 16 runs;
# a CPU without AVX (UseAVX=0) did not help, 6 of 30; thread=single 0 of 30. With C1 alone
# (-XX:TieredStopAtLevel=1, the kernel tests' default) no run crashed (0 of 68).
readonly TCG_ACCEL=tcg,thread=single
# The root share is read-only and lives for one command, so the guest may cache
# it freely: with cache=loose a JVM starts in ~5 s instead of ~20 s (measured).
readonly ROOT_9P_OPTS=${EBPF4J_VM_ROOT_9P_OPTS:-cache=loose,msize=512000}
readonly STATUS_FILE_NAME=vm-exit-status
readonly LANE_FAILED=125
# Dependency order matters: any other order fails with "unknown symbol".
readonly GUEST_MODULES=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev
  virtio_pci netfs fscache 9pnet 9pnet_virtio 9p)

log() { printf '[lane] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit "$LANE_FAILED"
}

usage() {
  sed -n '/^# Usage:/,/^# Environment/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit "$LANE_FAILED"
}

# Quotes one word for a POSIX shell. The guest's init is busybox ash and the
# command runs under the host's dash, so bash's printf %q is not an option.
sh_quote() {
  local squote="'" escaped="'\\''"
  printf "'%s'" "${1//$squote/$escaped}"
}

# qemu's -fsdev path=... is a comma-separated option list: a comma is written ",,".
qemu_escape() { printf '%s' "${1//,/,,}"; }

parse_args() {
  results_dir=""
  timeout_seconds=${EBPF4J_VM_TIMEOUT:-480}
  extra_env=()
  while (($#)); do
    case $1 in
      --results) (($# >= 2)) || usage; results_dir=$2; shift 2 ;;
      --timeout) (($# >= 2)) || usage; timeout_seconds=$2; shift 2 ;;
      --env)
        (($# >= 2)) || usage
        [[ $2 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--env wants NAME=VALUE, got '$2'"
        extra_env+=("$2"); shift 2 ;;
      --) shift; break ;;
      -h | --help) usage ;;
      *) log "unexpected argument '$1'"; usage ;;
    esac
  done
  (($#)) || usage
  [[ -n $results_dir ]] || usage
  [[ $timeout_seconds =~ ^[0-9]+$ ]] || die "--timeout wants whole seconds, got '$timeout_seconds'"
  guest_command=("$@")
}

ensure_host_packages() {
  local missing=() pkg
  for pkg in qemu-system-x86 busybox-static cpio; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null | grep -q '^ii' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return
  log "installing ${missing[*]}"
  ((EUID == 0)) || die "${missing[*]} missing: run scripts/setup.sh --vm as root"
  apt-get update -qq || die "apt-get update failed; install ${missing[*]} (scripts/setup.sh --vm)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
    die "apt-get could not install ${missing[*]} (scripts/setup.sh --vm)"
}

# The guest kernel must be the one whose headers bcc compiles against, so its
# ABI number comes from the installed linux-headers-6.1.0-NN-amd64 package.
# If several are installed, prefer the one the host's modules/build link names.
find_kernel_version() {
  local installed preferred
  installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' 'linux-headers-6.1.0-*-amd64' 2>/dev/null |
    awk '$1 == "ii" { sub(/^linux-headers-/, "", $2); print $2 }' | sort -V)
  [[ -n $installed ]] || die "no linux-headers-6.1.0-NN-amd64 installed; bcc needs it (apt-get install linux-headers-6.1.0-NN-amd64)"
  preferred=$(readlink -f "/lib/modules/$(uname -r)/build" 2>/dev/null || true)
  preferred=${preferred##*/linux-headers-}
  if grep -qxF -- "$preferred" <<<"$installed"; then
    kernel_version=$preferred
  else
    kernel_version=$(tail -n1 <<<"$installed")
  fi
  headers_version=$(dpkg-query -W -f='${Version}' "linux-headers-$kernel_version")
  headers_common=$(readlink -f "/usr/src/linux-headers-$kernel_version/../linux-headers-${kernel_version%-amd64}-common")
  [[ -d $headers_common ]] || die "missing /usr/src/linux-headers-${kernel_version%-amd64}-common"
}

# Downloads and unpacks linux-image-<version>-unsigned once; later runs reuse it.
# A lock keeps two lanes started together from unpacking over each other.
ensure_kernel() {
  kernel_root=$CACHE_DIR/$kernel_version
  mkdir -p "$CACHE_DIR"
  exec {lock_fd}>"$CACHE_DIR/.lock"
  flock "$lock_fd"
  if [[ ! -f $kernel_root/boot/vmlinuz-$kernel_version ]]; then
    local package=linux-image-$kernel_version-unsigned staging=$CACHE_DIR/.staging-$$
    rm -rf "$staging" "$kernel_root"
    mkdir -p "$staging/deb"
    log "downloading $package (first run only)"
    # Pin to the headers' version so both come from the same build. apt's
    # sandbox user cannot write into root's cache dir, so skip the sandbox.
    if ! (cd "$staging/deb" && apt-get download -q -o APT::Sandbox::User=root "$package=$headers_version" >&2); then
      log "$package=$headers_version not downloadable; refreshing apt lists"
      apt-get update -qq
      (cd "$staging/deb" && apt-get download -q -o APT::Sandbox::User=root "$package=$headers_version" >&2) ||
        die "cannot download $package=$headers_version to match the installed headers"
    fi
    dpkg -x "$staging"/deb/*.deb "$staging/root"
    mv "$staging/root" "$kernel_root"
    rm -rf "$staging"
  fi
  flock -u "$lock_fd"
  local module
  for module in "${GUEST_MODULES[@]}"; do
    [[ -n $(find "$kernel_root/lib/modules/$kernel_version/kernel" -name "$module.ko" -print -quit) ]] ||
      die "module $module.ko missing from $kernel_root; delete that folder to re-download"
  done
}

write_init() {
  cat >"$1" <<'INIT'
#!/bin/sh
# PID 1 of the lane VM: mount the host's / over 9p, run one command chrooted
# into it, leave its exit status in the results share, power off.
/bin/busybox --install -s /bin
export PATH=/bin
. /lane/config

say() { echo "lane-init: $*"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
halt_vm() { sync; poweroff -f; sleep 60; }
fail() { say "FAILED: $*"; halt_vm; }

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
say "guest kernel $(uname -r), init started at $(uptime_s)s"

for m in $MODULES; do
  insmod "/lane/modules/$m.ko" || fail "insmod $m"
done

r=/newroot
mount -t 9p -o "ro,trans=virtio,version=9p2000.L,$ROOT_9P_OPTS" hostroot $r || fail "mount host root"
mount -t proc proc $r/proc
mount -t sysfs sysfs $r/sys
mount -t devtmpfs devtmpfs $r/dev
mkdir -p $r/dev/shm && mount -t tmpfs tmpfs $r/dev/shm
ln -sf /proc/self/fd $r/dev/fd
# Writable scratch directories. The host's own copies stay reachable under /host: the working
# directory (a CI clone may well be in /tmp) is bound back over its tmpfs below.
for d in /tmp /var/tmp /run; do
  mkdir -p "/host$d"
  mount -o bind "$r$d" "/host$d" || fail "keep the host's $d"
  mount -t tmpfs -o mode=1777 tmpfs $r$d || fail "tmpfs on $d"
done
for d in /tmp /var/tmp /run; do
  case $WORK_DIR/ in
    "$d"/*)
      mkdir -p "$r$WORK_DIR"
      mount -o bind "/host$WORK_DIR" "$r$WORK_DIR" || fail "bind $WORK_DIR"
      ;;
  esac
done
mount -t tracefs tracefs $r/sys/kernel/tracing || fail "mount tracefs"
mount -t debugfs debugfs $r/sys/kernel/debug || say "no debugfs"
mount -t bpf bpf $r/sys/fs/bpf || say "no bpffs"
# The share's /lib/modules holds the host kernel's tree and is read-only;
# bcc finds kernel headers through /lib/modules/$(uname -r)/build.
mount -t tmpfs tmpfs $r/lib/modules || fail "tmpfs on /lib/modules"
mkdir -p "$r/lib/modules/$(uname -r)"
ln -s "$HEADERS_ARCH" "$r/lib/modules/$(uname -r)/build"
ln -s "$HEADERS_COMMON" "$r/lib/modules/$(uname -r)/source"

mkdir -p "$r$RESULTS_DIR"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results "$r$RESULTS_DIR" || fail "mount results"
ip link set lo up || say "loopback not up"

mkdir -p $r/tmp/ebpf4j-lane
cp /lane/command.sh $r/tmp/ebpf4j-lane/command.sh
say "kprobe PMU: $(cat /sys/bus/event_source/devices/kprobe/type 2>/dev/null || echo MISSING)"
say "shell ready at $(uptime_s)s, running the command"
chroot $r /usr/bin/env -i /bin/sh /tmp/ebpf4j-lane/command.sh </dev/null
status=$?
say "command exited with status $status at $(uptime_s)s"
echo "$status" >"$r$RESULTS_DIR/$STATUS_FILE_NAME"
sync
umount "$r$RESULTS_DIR"
halt_vm
INIT
  chmod 755 "$1"
}

# The command file runs under the host's /bin/sh inside the chroot, with an
# empty environment so nothing leaks in from the kernel's init environment.
write_command() {
  local pair word cwd
  cwd=$(pwd -P)
  {
    echo "export PATH=$(sh_quote "$GUEST_JAVA_HOME/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")"
    echo "export HOME=/tmp LANG=C.UTF-8 TERM=dumb"
    echo "export JAVA_HOME=$(sh_quote "$GUEST_JAVA_HOME")"
    echo "export EBPF4J_RESULTS=$(sh_quote "$results_dir")"
    for pair in "${extra_env[@]}"; do
      echo "export ${pair%%=*}=$(sh_quote "${pair#*=}")"
    done
    echo "cd $(sh_quote "$cwd") || { echo 'lane: $(sh_quote "$cwd") is not visible in the guest' >&2; exit $LANE_FAILED; }"
    printf 'exec'
    for word in "${guest_command[@]}"; do printf ' %s' "$(sh_quote "$word")"; done
    printf '\n'
  } >"$1"
}

build_initramfs() {
  local tree=$work_dir/initramfs module busybox
  mkdir -p "$tree"/{bin,dev,proc,sys,newroot,lane/modules}
  busybox=$(dpkg -L busybox-static | grep -m1 '/bin/busybox$')
  cp "$busybox" "$tree/bin/busybox"
  ln -s busybox "$tree/bin/sh"
  for module in "${GUEST_MODULES[@]}"; do
    cp "$(find "$kernel_root/lib/modules/$kernel_version/kernel" -name "$module.ko" -print -quit)" "$tree/lane/modules/"
  done
  {
    echo "MODULES=$(sh_quote "${GUEST_MODULES[*]}")"
    echo "HEADERS_ARCH=$(sh_quote "/usr/src/linux-headers-$kernel_version")"
    echo "HEADERS_COMMON=$(sh_quote "$headers_common")"
    echo "RESULTS_DIR=$(sh_quote "$results_dir")"
    echo "WORK_DIR=$(sh_quote "$(pwd -P)")"
    echo "ROOT_9P_OPTS=$(sh_quote "$ROOT_9P_OPTS")"
    echo "STATUS_FILE_NAME=$(sh_quote "$STATUS_FILE_NAME")"
  } >"$tree/lane/config"
  write_init "$tree/init"
  write_command "$tree/lane/command.sh"
  (cd "$tree" && find . -print0 | cpio --null -o -H newc --quiet) | gzip -1 >"$work_dir/initramfs.cpio.gz"
}

# stop_vm and cleanup run from traps.
# shellcheck disable=SC2317
stop_vm() {
  if [[ -n ${vm_pid:-} ]] && kill -0 "$vm_pid" 2>/dev/null; then
    kill -TERM "$vm_pid" 2>/dev/null || true
  fi
}

# shellcheck disable=SC2317
cleanup() {
  stop_vm
  if [[ -n ${work_dir:-} ]]; then rm -rf "$work_dir"; fi
}

# Prints the guest console with a "[vm] " prefix. Serial lines end in CRLF and
# SeaBIOS clears the screen with escape sequences; neither belongs in a CI log.
boot_vm() {
  local vmlinuz=$kernel_root/boot/vmlinuz-$kernel_version
  # Commas below separate qemu sub-options, not array elements.
  # shellcheck disable=SC2054
  local -a qemu=(
    qemu-system-x86_64
    # KVM hung at boot on this machine kind (and -cpu host asserts on MSR 0x10a).
    -accel "$TCG_ACCEL" -cpu max -smp "$VM_CPUS" -m "$VM_MEMORY"
    -nographic -no-reboot -nic none
    -kernel "$vmlinuz" -initrd "$work_dir/initramfs.cpio.gz"
    -append "console=ttyS0 panic=-1 quiet"
    -fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap
    -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
    -fsdev "local,id=results,path=$(qemu_escape "$results_dir"),security_model=none"
    -device virtio-9p-pci,fsdev=results,mount_tag=results
  )
  local console=$work_dir/console
  mkfifo "$console"
  sed -u -e 's/\r$//' -e 's/\x1bc/\n/g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' \
    -e 's/^/[vm] /' -e 's/\n/\n[vm] /g' <"$console" &
  local printer_pid=$!
  timeout -k 10 "$timeout_seconds" "${qemu[@]}" </dev/null >"$console" 2>&1 &
  vm_pid=$!
  local status=0
  wait "$vm_pid" || status=$?
  vm_pid=""
  wait "$printer_pid" || true
  return "$status"
}

main() {
  parse_args "$@"
  mkdir -p "$results_dir"
  results_dir=$(cd "$results_dir" && pwd -P)
  [[ $results_dir != / ]] || die "--results must not be /"
  rm -f "$results_dir/$STATUS_FILE_NAME"

  ensure_host_packages
  find_kernel_version
  ensure_kernel

  work_dir=$(mktemp -d "${TMPDIR:-/tmp}/ebpf4j-vm.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  build_initramfs

  log "booting $kernel_version ($TCG_ACCEL, ${VM_CPUS} cpus, $VM_MEMORY, timeout ${timeout_seconds}s): ${guest_command[*]}"
  local started=$SECONDS vm_status=0
  boot_vm || vm_status=$?
  local elapsed=$((SECONDS - started))

  if ((vm_status == 124 || vm_status == 137)); then
    log "VM did not finish within ${timeout_seconds}s (ran ${elapsed}s)"
    exit 124
  fi
  if [[ ! -s $results_dir/$STATUS_FILE_NAME ]]; then
    # No status file means the command never finished: init stopped first (its
    # "lane-init: FAILED" line above says where), the kernel panicked, or qemu failed.
    log "guest reported no exit status (qemu exited $vm_status after ${elapsed}s): the VM broke before the command finished; see the [vm] lines above"
    exit "$LANE_FAILED"
  fi
  local status
  status=$(<"$results_dir/$STATUS_FILE_NAME")
  [[ $status =~ ^[0-9]+$ ]] || die "guest wrote a bad exit status '$status'"
  log "guest command exited $status; VM wall time ${elapsed}s; results in $results_dir"
  exit "$status"
}

main "$@"
