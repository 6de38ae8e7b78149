/**
 * The contract between the code the ebpf4j processor generates and the ebpf4j runtime. Nothing
 * here is for users: it may change in any release, together with the processor that writes
 * against it.
 */
package io.ebpf4j.api.internal;
