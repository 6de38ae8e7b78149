/*
 * The native workload of ProfilerKernelTest: spins in one uniquely named function for the
 * seconds given, so that nearly every sample of this process has it as the innermost frame.
 * Built with frame pointers, as a profiler that walks them (bcc's and ebpf4j's) needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

volatile unsigned long sink;

__attribute__((noinline)) unsigned long ebpf4j_native_spin_q7(unsigned long n) {
  unsigned long x = 0;
  for (unsigned long i = 0; i < n; i++) {
    x = x * 6364136223846793005UL + i;
  }
  return x;
}

int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 10;
  time_t end = time(NULL) + seconds;
  printf("ready\n");
  fflush(stdout);
  while (time(NULL) < end) {
    sink += ebpf4j_native_spin_q7(20000000);
  }
  return 0;
}
