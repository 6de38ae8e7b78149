// A probe whose C does not compile: clang's diagnostic must reach the exception.
BPF_RINGBUF_OUTPUT(ebpf4j_events, 8);
BPF_ARRAY(ebpf4j_dropped, u64, 1);

int first(void *ctx) { return no_such_variable; }
