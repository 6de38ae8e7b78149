#!/usr/bin/python3
"""Lane self-test: a real kprobe on bind(2) must see this process's own bind.

Run it in the VM before the Java kernel tests, so a broken VM or kernel shows
up here and not as a failing ebpf4j test. bcc's BPF() goes through the libbcc
entry points the Java runtime binds: bpf_module_create_c_from_string to
compile, bcc_func_load to load, bpf_attach_kprobe to attach. A pass therefore
means that path works on this kernel.

Usage: /usr/bin/python3 vm/smoke-kprobe.py [--verdict FILE]   (needs root; the
bcc bindings live in Debian's python3, not in a pyenv one). It ends with one
line saying what failed, also written to FILE so the host can repeat it.

Exit status, one per cause, so the lane blames the right thing:
  0  the probe saw this process's bind
  1  the probe ran but saw nothing, or the wrong bind: the kernel's kprobe path
  2  the kernel has no kprobe PMU (CONFIG_KPROBES off)
  3  bcc's Python bindings are missing: a set-up fault, not the VM's
  4  bcc could not compile or load the program (kernel headers, privileges)
  5  the program loaded but the kprobe did not attach
"""
import ctypes
import os
import platform
import socket
import sys
import time

OK = 0
NO_EVENT = 1
NO_KPROBES = 2
NO_BCC = 3
COMPILE_OR_LOAD_FAILED = 4
ATTACH_FAILED = 5

# The syscall__ prefix makes bcc read the arguments from the inner pt_regs
# that x86 syscall wrappers (__x64_sys_*) receive since Linux 4.17.
PROGRAM = r"""
#include <uapi/linux/ptrace.h>
#include <linux/socket.h>

struct bind_seen {
    u32 tgid;
    int fd;
    int addrlen;
    u16 family;
};

BPF_PERF_OUTPUT(bind_events);

int syscall__bind(struct pt_regs *ctx, int fd, struct sockaddr *addr, int addrlen)
{
    u32 tgid = bpf_get_current_pid_tgid() >> 32;
    if (tgid != WATCHED_TGID)
        return 0;
    struct bind_seen seen = {};
    seen.tgid = tgid;
    seen.fd = fd;
    seen.addrlen = addrlen;
    bpf_probe_read_user(&seen.family, sizeof(seen.family), &addr->sa_family);
    bind_events.perf_submit(ctx, &seen, sizeof(seen));
    return 0;
}
"""

IPV4_SOCKADDR_LEN = 16  # sizeof(struct sockaddr_in)
WAIT_SECONDS = 10


class BindSeen(ctypes.Structure):
    _fields_ = [
        ("tgid", ctypes.c_uint32),
        ("fd", ctypes.c_int),
        ("addrlen", ctypes.c_int),
        ("family", ctypes.c_uint16),
    ]


class Verdict(Exception):
    """Ends the self-test with an exit status and the one line that explains it."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def say(message):
    print(f"smoke-kprobe: {message}", flush=True)


def import_bcc():
    # Imported here, not at the top, so a missing package is a verdict and not a traceback.
    try:
        from bcc import BPF
    except ImportError as e:
        raise Verdict(NO_BCC, f"bcc's Python bindings are missing ({e}): install python3-bpfcc "
                              "(scripts/setup.sh --vm does)") from e
    except OSError as e:
        # bcc/libbcc.py opens libbcc.so.0 at import time.
        raise Verdict(NO_BCC, f"bcc's Python bindings cannot load libbcc ({e}): install libbpfcc "
                              "and python3-bpfcc (scripts/setup.sh --vm does)") from e
    return BPF


def run():
    say(f"kernel {platform.release()}")
    bpf_class = import_bcc()
    if not os.path.exists("/sys/bus/event_source/devices/kprobe"):
        raise Verdict(NO_KPROBES, "no kprobe PMU in /sys/bus/event_source/devices: "
                                  "this kernel has no kprobes (CONFIG_KPROBES off)")

    started = time.monotonic()
    # bcc raises a bare Exception for all three steps, so each step gets its own try.
    try:
        bpf = bpf_class(text=PROGRAM, cflags=[f"-DWATCHED_TGID={os.getpid()}"])
        bpf.load_func("syscall__bind", bpf_class.KPROBE)
    except Exception as e:
        raise Verdict(COMPILE_OR_LOAD_FAILED,
                      f"bcc could not compile or load the probe ({e}); bcc's messages above say "
                      f"why (kernel headers at /lib/modules/{platform.release()}/build? root?)") from e
    say(f"compiled and loaded in {time.monotonic() - started:.1f}s")

    target = bpf.get_syscall_fnname("bind").decode()
    try:
        bpf.attach_kprobe(event=target, fn_name="syscall__bind")
    except Exception as e:
        raise Verdict(ATTACH_FAILED, f"the kprobe on {target} did not attach ({e})") from e
    say(f"attached kprobe to {target}")

    seen = []
    bpf["bind_events"].open_perf_buffer(
        lambda cpu, data, size: seen.append(ctypes.cast(data, ctypes.POINTER(BindSeen)).contents))

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        deadline = time.monotonic() + WAIT_SECONDS
        while not seen and time.monotonic() < deadline:
            bpf.perf_buffer_poll(timeout=200)
        if not seen:
            raise Verdict(NO_EVENT, f"the kprobe on {target} attached but saw no bind "
                                    f"within {WAIT_SECONDS}s: the kernel's kprobe path is broken")
        event = seen[0]
        say(f"saw bind fd={event.fd} len={event.addrlen} family={event.family} tgid={event.tgid}")
        expected = (sock.fileno(), IPV4_SOCKADDR_LEN, socket.AF_INET, os.getpid())
        actual = (event.fd, event.addrlen, event.family, event.tgid)
        if actual != expected:
            raise Verdict(NO_EVENT, f"the kprobe on {target} saw the wrong bind: expected "
                                    f"fd/len/family/tgid {expected}, got {actual}")
    return f"a kprobe on {target} saw this process's bind in {time.monotonic() - started:.1f}s"


def main(argv):
    verdict_file = None
    if len(argv) == 2 and argv[0] == "--verdict":
        verdict_file = argv[1]
    elif argv:
        print("usage: smoke-kprobe.py [--verdict FILE]", file=sys.stderr)
        return 64
    try:
        status, line = OK, f"OK: {run()}"
    except Verdict as v:
        status, line = v.status, f"FAIL ({v.status}): {v.message}"
    say(line)
    if verdict_file:
        with open(verdict_file, "w") as out:
            out.write(line + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
