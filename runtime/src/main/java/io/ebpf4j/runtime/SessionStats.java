package io.ebpf4j.runtime;

import java.util.Optional;

/**
 * What a {@link ProbeSession} delivered and what it lost, by cause. Once the session is closed
 * the figures are final, and {@code delivered() + lost()} is every event its probes produced.
 * While it runs they are a snapshot, read cause by cause.
 *
 * @param delivered events handed to handlers, including those whose handler threw
 * @param handlerErrors exceptions thrown by handlers
 * @param ringBufferFull events the kernel had no ring-buffer space for: handlers fell behind
 * @param callsNotStored {@code withEntry} calls whose entry the kernel refused to store
 * @param callsReplaced {@code withEntry} calls whose return was never seen before the same thread
 *     entered the call again (a missed return)
 * @param callsEvicted {@code withEntry} calls evicted from the full calls map before they
 *     returned, to make room for newer ones (calls that never return, like {@code exit}, end up
 *     here)
 * @param callsInFlight {@code withEntry} calls entered and not yet returned. While the session
 *     runs they are not lost; once it is closed their returns can no longer be seen, and they
 *     count as lost
 * @param kretprobeMisses calls a kretprobe did not follow because more were in flight than its
 *     {@code maxactive} (the kernel's {@code nmissed}); only kernels with kprobes have any
 * @param recursionMisses program runs the kernel skipped because another BPF program was running
 *     on that CPU ({@code recursion_misses} of the loaded programs). A skipped return of a {@code
 *     withEntry} call leaves its entry behind, which is then counted again as replaced or evicted
 * @param unsubmittedAtClose events a program had reserved but not yet submitted when close drained
 *     the buffer for the last time
 * @param undeliveredAtClose events still in the buffer when {@link ProbeOptions#closeTimeout()}
 *     ran out, or when the delivery thread had died
 * @param aggregateKeysDropped events of {@code @Aggregate} probes that were not aggregated
 *     because their key found the aggregate's map full ({@code maxKeys}); not part of {@link
 *     #lost()}, which counts streamed events
 * @param stacksLost stacks that events of probes with {@code stacks} arrived without: the kernel's
 *     stack map was full ({@code -ENOMEM}: {@link ProbeOptions#withStackMapSize}), the stack
 *     collided with another in its hash bucket ({@code -EEXIST}), or there was none to take
 *     ({@code -EFAULT}: a user stack of a kernel thread or an idle CPU). Counted as events are
 *     decoded; not part of {@link #lost()}, which counts events
 * @param closed whether the figures are final
 * @param deliveryFailure why the delivery thread died, if it did: no event is delivered after it
 */
public record SessionStats(
    long delivered,
    long handlerErrors,
    long ringBufferFull,
    long callsNotStored,
    long callsReplaced,
    long callsEvicted,
    long callsInFlight,
    long kretprobeMisses,
    long recursionMisses,
    long unsubmittedAtClose,
    long undeliveredAtClose,
    long aggregateKeysDropped,
    long stacksLost,
    boolean closed,
    Optional<Throwable> deliveryFailure) {

  /** Every event lost so far, over all causes. */
  public long lost() {
    return ringBufferFull
        + callsNotStored
        + callsReplaced
        + callsEvicted
        + (closed ? callsInFlight : 0)
        + kretprobeMisses
        + recursionMisses
        + unsubmittedAtClose
        + undeliveredAtClose;
  }
}
