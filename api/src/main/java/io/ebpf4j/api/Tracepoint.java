package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated method on every hit of a static kernel tracepoint, named {@code
 * category:name} as under {@code /sys/kernel/tracing/events}.
 *
 * <pre>{@code
 * public class ExecProbes {
 *   @Tracepoint("sched:sched_process_exec") void onExec(SchedProcessExecEvent e) {
 *     System.out.println(e.pidField() + " " + e.filename());
 *   }
 * }
 * }</pre>
 *
 * <h2>The event record</h2>
 *
 * The processor generates the record named after the event in CamelCase plus {@code Event}
 * ({@code sched:sched_process_exec} gives {@code SchedProcessExecEvent}, {@code
 * syscalls:sys_enter_bind} gives {@code SysEnterBindEvent}). Its components are {@code long
 * timestampNanos}, {@code int pid}, {@code int tid}, {@code int uid}, {@code int gid}, {@code
 * String comm} (of the current task, as for {@link Kprobe}), then every field of the event's
 * {@code format} that is not one of the {@code common_} fields, in the format's order, named as
 * the format names it. A field named like one of the six context components gets {@code Field}
 * appended ({@code sched_process_exec}'s {@code pid} is {@code pidField}); one named like a Java
 * keyword gets {@code _} appended.
 *
 * <h2>Field types</h2>
 *
 * <ul>
 *   <li>Integers take the format's size: 1 byte is {@code byte} ({@code boolean} for {@code
 *       bool}), 2 {@code short}, 4 {@code int}, 8 {@code long}; unsigned types keep their bits.
 *       Pointers are {@code long} kernel addresses. Fields of {@code syscalls:*} events are
 *       8-byte slots, and take the declared type instead, as for {@link Kprobe}.
 *   <li>{@code char x[N]} is a {@code String} of at most {@code N} bytes, up to the first NUL.
 *   <li>{@code __data_loc char[] x}, a string the event carries, is a {@code String}, copied in the
 *       kernel up to {@link #stringSize()} bytes including the NUL: longer ones arrive cut to
 *       {@code stringSize - 1} bytes.
 *   <li>Other fixed arrays are Java arrays of the element's width: {@code u8 saddr[4]} is {@code
 *       byte[]}, {@code unsigned long caller[4]} is {@code long[]}, {@code u16 x[3]} is {@code
 *       short[]}, {@code u32 x[2]} is {@code int[]}. An array whose element type is not known is
 *       a {@code byte[]} of its bytes.
 *   <li>Left out, and listed in the record's Javadoc: {@code __data_loc} arrays of other element
 *       types (their length is only known per event; {@code dma}'s address lists, {@code ras}'s
 *       buffers, {@code ipi_send_cpumask}'s mask) and unsized arrays {@code x[]} (only in {@code
 *       ftrace}'s internal events).
 *   <li>For {@code syscalls:sys_enter_*} events, the path and name arguments listed in {@link
 *       Kprobe} are {@code String}s read from the caller's memory, up to {@link #stringSize()}
 *       bytes.
 * </ul>
 *
 * <h2>Rules, each checked at compile time</h2>
 *
 * <ul>
 *   <li>The value is {@code category:name} of a tracepoint of this kernel; an unknown one is an
 *       error that suggests the closest known one.
 *   <li>The method returns {@code void}, takes exactly one parameter, the generated record, and is
 *       neither {@code private} nor {@code static}; its class is concrete and not private.
 *   <li>{@link #stringSize()} is between 1 and {@value Kprobe#MAX_STRING_SIZE}.
 * </ul>
 *
 * <p>It attaches to the tracepoint; there is no fallback, and no kprobes are needed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Tracepoint {
  /** {@code category:name}: {@code "sched:sched_process_exec"}. */
  String value();

  /** The bytes each string the event carries may take, its terminating NUL included. */
  int stringSize() default 256;

  /**
   * A condition the event must meet, tested in the kernel before the event is reserved, as for
   * {@link Kprobe#filter()}: {@code "prev_state != 0"}. Empty keeps every event.
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
