/**
 * What a user of ebpf4j writes: annotations on handler methods. See {@link io.ebpf4j.api.Kprobe}.
 */
package io.ebpf4j.api;
