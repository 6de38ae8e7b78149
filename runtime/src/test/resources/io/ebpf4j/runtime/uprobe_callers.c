/*
 * The workload of ProbeStacksKernelTest: main calls ebpf4j_outer_q8, which calls
 * ebpf4j_middle_q8, which calls the probed ebpf4j_leaf_q8, a few hundred times a second for
 * the seconds given. Built at -O0 with frame pointers: no call is inlined or made a tail call,
 * so each function keeps its frame and its caller's return address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long sink;

__attribute__((noinline)) unsigned long ebpf4j_leaf_q8(unsigned long n) {
  return n * 6364136223846793005UL + 1;
}

__attribute__((noinline)) unsigned long ebpf4j_middle_q8(unsigned long n) {
  unsigned long x = ebpf4j_leaf_q8(n);
  return x + 1;
}

__attribute__((noinline)) unsigned long ebpf4j_outer_q8(unsigned long n) {
  unsigned long x = ebpf4j_middle_q8(n);
  return x + 1;
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 10;
  time_t end = time(NULL) + seconds;
  printf("ready\n");
  fflush(stdout);
  for (unsigned long i = 0; time(NULL) < end; i++) {
    sink += ebpf4j_outer_q8(i);
    usleep(5000);
  }
  return 0;
}
