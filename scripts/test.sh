#!/usr/bin/env bash
# Sets the machine up, builds ebpf4j and runs every test: the unit and kernel tests on this
# machine's kernel, then the kprobe tests again inside a VM whose kernel has kprobes (vm/).
#   scripts/test.sh            everything
#   scripts/test.sh --no-vm    only this machine's kernel
set -euo pipefail
cd "$(dirname "$0")/.."
vm=true
if [[ ${1:-} == --no-vm ]]; then
  vm=false
  shift
fi
if $vm; then setup_parts=(--vm); fi
source scripts/env.sh
export EBPF4J_EXPECT_KPROBES=${EBPF4J_EXPECT_KPROBES:-0} # the CI machines' 6.18 kernel has none (KprobeExpectation)
# install, not just verify: the VM lane runs the tests against the installed artifacts.
mvn -B -ntp install "$@"
if $vm; then
  # The lane's own scripts first: a second, and no VM.
  vm/test-lane-scripts.sh
  # The tests that exercise kprobes, on a kernel that has them; each bcc compile takes 20-30 s
  # under emulation, so only these. The lane prints the guest's kernel version and the
  # attachments, and fails if any test fails or is skipped (exit 4 names the skipped ones).
  vm/run-kernel-tests-in-vm.sh --timeout 900 -- \
    --select-method io.ebpf4j.runtime.ProbeSessionKernelTest#bindArrivesWithThisProcessThreadAndAddress \
    --select-method io.ebpf4j.runtime.ProbeSessionKernelTest#closeReleasesEveryBpfDescriptorAndIsIdempotent \
    --select-class io.ebpf4j.runtime.KprobePassthroughKernelTest \
    --select-class io.ebpf4j.runtime.KretprobeMissesKernelTest \
    --select-method io.ebpf4j.runtime.ProbeKindsKernelTest#openatEntryAndReturnInOneEvent \
    --select-method io.ebpf4j.runtime.ProbeKindsKernelTest#kernelFunctionKprobesFireOrNameTheMissingOption \
    --select-method io.ebpf4j.runtime.KprobeDirectAttachKernelTest#cachedKprobesAttachThroughThePmuAndNeverLinkLibbcc \
    --select-method io.ebpf4j.runtime.DynamicProbesKernelTest#bindByNameSeesWhatTheAnnotatedBindEventSees \
    --select-method io.ebpf4j.runtime.StacksKernelTest#aSystemCallsStacksNameTheKernelEntryAndTheLibcWrapper \
    --select-method io.ebpf4j.runtime.ProbeStacksKernelTest#aSystemCallNamedAtRunTimeTakesStacksWhenAsked
fi
