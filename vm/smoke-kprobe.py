#!/usr/bin/python3
"""Lane self-test: a real kprobe on bind(2) must see this process's own bind.

Run it in the VM before the Java kernel tests, so a broken VM or kernel shows
up here and not as a failing ebpf4j test. bcc's BPF() goes through the libbcc
entry points the Java runtime binds: bpf_module_create_c_from_string to
compile, bcc_func_load to load, bpf_attach_kprobe to attach. A pass therefore
means that path works on this kernel.

Usage: /usr/bin/python3 vm/smoke-kprobe.py   (needs root; the bcc bindings
live in Debian's python3, not in a pyenv one). Exit status 0 on success,
1 if the probe saw the wrong thing or nothing, 2 if the kernel has no kprobes.
"""
import ctypes
import os
import platform
import socket
import sys
import time

from bcc import BPF

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


def say(message):
    print(f"smoke-kprobe: {message}", flush=True)


def main():
    say(f"kernel {platform.release()}")
    if not os.path.exists("/sys/bus/event_source/devices/kprobe"):
        say("FAIL: no kprobe PMU in /sys/bus/event_source/devices (CONFIG_KPROBES off?)")
        return 2

    started = time.monotonic()
    bpf = BPF(text=PROGRAM, cflags=[f"-DWATCHED_TGID={os.getpid()}"])
    say(f"compiled and loaded in {time.monotonic() - started:.1f}s")

    target = bpf.get_syscall_fnname("bind").decode()
    bpf.attach_kprobe(event=target, fn_name="syscall__bind")
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
            say(f"FAIL: no bind event within {WAIT_SECONDS}s")
            return 1
        event = seen[0]
        say(f"saw bind fd={event.fd} len={event.addrlen} family={event.family} tgid={event.tgid}")
        expected = (sock.fileno(), IPV4_SOCKADDR_LEN, socket.AF_INET, os.getpid())
        actual = (event.fd, event.addrlen, event.family, event.tgid)
        if actual != expected:
            say(f"FAIL: expected fd/len/family/tgid {expected}, got {actual}")
            return 1

    say(f"OK in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
