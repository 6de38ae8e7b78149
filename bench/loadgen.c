/*
 * Load generator for the ebpf4j throughput benchmark.
 *
 * Calls getppid() N times as fast as it can, so that a probe on
 * syscalls:sys_enter_getppid filtered to this process sees exactly N events.
 *
 * Usage: loadgen N [--no-wait]
 *
 * By default it prints "ready pid=<tgid>" and blocks until it reads one byte
 * from stdin, so the driver can attach a probe to the pid before any call is
 * made. --no-wait starts at once (for "bpftrace -c", which holds the child
 * back itself until its probes are attached).
 *
 * Output, one line on stdout:
 *   produced=N ns_per_call=X elapsed_ns=T
 *
 * The libc getppid() wrapper is avoided on purpose: syscall(SYS_getppid)
 * always enters the kernel, whatever libc caches.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int wait_for_go(void)
{
	char go;
	ssize_t n;

	printf("ready pid=%d\n", (int)getpid());
	fflush(stdout);
	do {
		n = read(STDIN_FILENO, &go, 1);
	} while (n < 0 && errno == EINTR);
	if (n != 1) {
		fprintf(stderr, "loadgen: stdin closed before the start byte\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char *end;
	long long n, i, start, elapsed;
	int wait = 1;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s N [--no-wait]\n", argv[0]);
		return 2;
	}
	errno = 0;
	n = strtoll(argv[1], &end, 10);
	if (errno || *end || n <= 0) {
		fprintf(stderr, "loadgen: N must be a positive integer, got '%s'\n", argv[1]);
		return 2;
	}
	if (argc == 3) {
		if (strcmp(argv[2], "--no-wait") != 0) {
			fprintf(stderr, "loadgen: unknown option '%s'\n", argv[2]);
			return 2;
		}
		wait = 0;
	}
	if (wait && wait_for_go() != 0)
		return 1;

	start = now_ns();
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	elapsed = now_ns() - start;

	printf("produced=%lld ns_per_call=%.1f elapsed_ns=%lld\n",
	       n, (double)elapsed / (double)n, elapsed);
	fflush(stdout);
	return 0;
}
