// Two probes whose second cannot attach: the session must give back what the first took.
#ifndef EBPF4J_RINGBUF_PAGES
#define EBPF4J_RINGBUF_PAGES 8
#endif
BPF_RINGBUF_OUTPUT(ebpf4j_events, EBPF4J_RINGBUF_PAGES);
BPF_ARRAY(ebpf4j_dropped, u64, 1);

int first(void *ctx) { return 0; }
int second(void *ctx) { return 0; }
