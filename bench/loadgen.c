/*
 * Load generator for the ebpf4j throughput benchmark.
 *
 * Calls getppid() N times in all as fast as it can, so that a probe on
 * syscalls:sys_enter_getppid filtered to this process sees exactly N events.
 *
 * Usage: loadgen N [--threads T] [--no-wait]
 *
 * By default it prints "ready pid=<tgid>" and blocks until it reads one byte
 * from stdin, so the driver can attach a probe to the pid before any call is
 * made. --no-wait starts at once (for "bpftrace -c", which holds the child
 * back itself until its probes are attached).
 *
 * --threads T splits the N calls over T threads of this one process (the
 * probe filters on the tgid, so it sees them all). With T = nproc every CPU
 * runs a producer and the consumer has to compete with them for CPU time.
 *
 * Output, one line on stdout:
 *   produced=N ns_per_call=X elapsed_ns=T threads=T
 * ns_per_call is each thread's time per call, averaged over the threads: the
 * cost of one call to its caller, whatever the thread count. elapsed_ns is
 * the wall time from the start of the first thread to the end of the last.
 *
 * The libc getppid() wrapper is avoided on purpose: syscall(SYS_getppid)
 * always enters the kernel, whatever libc caches.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 1024

struct producer {
	pthread_t thread;
	long long calls;
	long long start_ns;
	long long end_ns;
};

/* Every producer starts together, so that they all compete for the CPUs. */
static pthread_barrier_t start_line;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *produce(void *arg)
{
	struct producer *p = arg;
	long long i;

	pthread_barrier_wait(&start_line);
	p->start_ns = now_ns();
	for (i = 0; i < p->calls; i++)
		syscall(SYS_getppid);
	p->end_ns = now_ns();
	return NULL;
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

static int parse_positive(const char *what, const char *text, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(text, &end, 10);
	if (errno || *end || *out <= 0) {
		fprintf(stderr, "loadgen: %s must be a positive integer, got '%s'\n", what, text);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct producer producers[MAX_THREADS];
	long long n, threads = 1, first, last, i;
	double ns_per_call = 0;
	int wait = 1, a, err;

	if (argc < 2 || parse_positive("N", argv[1], &n) != 0) {
		fprintf(stderr, "usage: %s N [--threads T] [--no-wait]\n", argv[0]);
		return 2;
	}
	for (a = 2; a < argc; a++) {
		if (strcmp(argv[a], "--no-wait") == 0) {
			wait = 0;
		} else if (strcmp(argv[a], "--threads") == 0 && a + 1 < argc) {
			if (parse_positive("T", argv[++a], &threads) != 0)
				return 2;
		} else {
			fprintf(stderr, "loadgen: unknown option '%s'; usage: %s N [--threads T] [--no-wait]\n",
				argv[a], argv[0]);
			return 2;
		}
	}
	if (threads > MAX_THREADS || threads > n) {
		fprintf(stderr, "loadgen: T must be at most %d and at most N, got %lld\n",
			MAX_THREADS, threads);
		return 2;
	}
	pthread_barrier_init(&start_line, NULL, (unsigned)threads);
	if (wait && wait_for_go() != 0)
		return 1;

	/* The first n % threads producers make one call more, so the total is n. */
	for (i = 0; i < threads; i++)
		producers[i].calls = n / threads + (i < n % threads);
	for (i = 1; i < threads; i++) {
		err = pthread_create(&producers[i].thread, NULL, produce, &producers[i]);
		if (err) {
			fprintf(stderr, "loadgen: pthread_create: %s\n", strerror(err));
			return 1;
		}
	}
	produce(&producers[0]);
	for (i = 1; i < threads; i++)
		pthread_join(producers[i].thread, NULL);

	first = producers[0].start_ns;
	last = producers[0].end_ns;
	for (i = 0; i < threads; i++) {
		struct producer *p = &producers[i];

		ns_per_call += (double)(p->end_ns - p->start_ns) / (double)p->calls / (double)threads;
		if (p->start_ns < first)
			first = p->start_ns;
		if (p->end_ns > last)
			last = p->end_ns;
	}
	printf("produced=%lld ns_per_call=%.1f elapsed_ns=%lld threads=%lld\n",
	       n, ns_per_call, last - first, threads);
	fflush(stdout);
	return 0;
}
