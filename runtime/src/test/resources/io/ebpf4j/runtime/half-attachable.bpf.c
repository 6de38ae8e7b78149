// Two probes whose second cannot attach: the session must give back what the first took.
BPF_RINGBUF_OUTPUT(ebpf4j_events, 8);
BPF_ARRAY(ebpf4j_dropped, u64, 1);

int first(void *ctx) { return 0; }
int second(void *ctx) { return 0; }
