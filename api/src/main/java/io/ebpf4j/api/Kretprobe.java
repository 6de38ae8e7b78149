package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated method on every return from a system call ({@code @Kretprobe("openat")}) or
 * from a kernel function ({@code @Kretprobe(function = "tcp_v4_connect")}), anywhere on the
 * machine. The rules of {@link Kprobe} apply; what differs is the event.
 *
 * <pre>{@code
 * public class OpenProbes {
 *   @Kretprobe("openat") void onReturn(OpenatReturnEvent e) { ... }            // e.ret()
 *   @Kretprobe(value = "openat", withEntry = true) void onCall(OpenatCallEvent e) {
 *     System.out.println(e.filename() + " -> " + e.ret() + " in " + e.latencyNanos() + " ns");
 *   }
 *   @Kretprobe(function = "tcp_v4_connect") void onConnect(KernelReturn r) { ... }
 * }
 * }</pre>
 *
 * <h2>Events</h2>
 *
 * <ul>
 *   <li>A system call's return generates {@code <Syscall>ReturnEvent} ({@code OpenatReturnEvent}):
 *       {@code long timestampNanos}, {@code int pid}, {@code int tid}, {@code int uid}, {@code
 *       int gid}, {@code String comm}, {@code long ret}: the value the system call returns, a
 *       negative errno on failure. It attaches as a kretprobe on the system call's kernel
 *       function where the kernel has kprobes, else to the {@code syscalls:sys_exit_<name>}
 *       tracepoint.
 *   <li>With {@link #withEntry()}, one event per completed call, {@code <Syscall>CallEvent}
 *       ({@code OpenatCallEvent}): the context components, then the arguments of the entry, typed
 *       and named as for {@link Kprobe} (strings included, read at entry), then {@code long ret}
 *       and {@code long latencyNanos}, the time from entry to return. {@code timestampNanos} and
 *       the other context components are those of the entry. The entry is kept in the kernel, in
 *       an LRU hash of at most {@value #MAX_CALLS_IN_FLIGHT} calls in flight keyed by thread: when
 *       it is full, the least recently used entry makes room, and that call's event is lost. A
 *       call that never returns ({@code exit}, a thread killed in the call) leaves its entry until
 *       it is evicted, the same thread enters the system call again, or the session closes. Each
 *       of those is counted as lost, by cause ({@code session.stats()}), like an event the ring
 *       buffer had no room for.
 *   <li>A kernel function's return gives the handler a {@link KernelReturn}. There is no fallback
 *       without kprobes.
 * </ul>
 *
 * <h2>Rules, each checked at compile time</h2>
 *
 * <ul>
 *   <li>Exactly one of {@link #value()} and {@link #function()} is set; {@link #withEntry()} is
 *       only for a system call.
 *   <li>The handler takes exactly one parameter: the generated record above, or {@link
 *       KernelReturn}.
 *   <li>The other rules of {@link Kprobe}: a known system call (with a suggestion otherwise), a
 *       {@code void}, non-private, non-static method, a concrete, non-private class, {@link
 *       #stringSize()} between 1 and {@value Kprobe#MAX_STRING_SIZE}, a well-typed {@link
 *       #filter()}.
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Kretprobe {
  /** How many calls of one {@code withEntry} probe may be in flight at once. */
  int MAX_CALLS_IN_FLIGHT = 10240;

  /** The system call's name, as in {@code man 2}: {@code "openat"}. */
  String value() default "";

  /** A kernel function that is not a system call, as in {@code /proc/kallsyms}. */
  String function() default "";

  /** Whether the event also carries the entry's arguments and the call's latency. */
  boolean withEntry() default false;

  /** As {@link Kprobe#stringSize()}, for the string arguments of a {@code withEntry} event. */
  int stringSize() default 256;

  /**
   * A condition the event must meet, as for {@link Kprobe#filter()}: {@code "ret < 0"}. With
   * {@link #withEntry()} it may name the entry's arguments, {@code ret} and {@code latencyNanos}
   * alike; a filter on the arguments alone is tested at the entry, so a call it drops takes no
   * room in the calls map.
   */
  String filter() default "";

  /**
   * The call stacks to capture with each event, into the session's stack map: {@code stacks =
   * {Stack.KERNEL, Stack.USER}}. The event record then has {@code kernelStack()} and {@code
   * userStack()}, resolved to symbols on first call (see {@link Stack}). Checked at compile time:
   * only probes whose record the processor generates take stacks (not {@code function} probes),
   * an {@code @Aggregate} probe takes none, and every probe of one record takes stacks or none.
   */
  Stack[] stacks() default {};
}
