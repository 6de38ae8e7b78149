package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated method on every hit of one of the JVM's own probes, the {@code hotspot}
 * provider of {@code libjvm.so}, with the names and types the JDK's {@code hotspot.d} gives them:
 * {@code @Hotspot("gc__begin") void onGc(GcBeginEvent e)}.
 *
 * <h2>The event record</h2>
 *
 * The processor generates the record named after the probe in CamelCase plus {@code Event}
 * ({@code thread__start} gives {@code ThreadStartEvent}). Its components are the context, as for
 * {@link Usdt}, then the probe's arguments by name: {@code class__loaded} has {@code String
 * className}, {@code long loaderId} and {@code boolean shared}; {@code thread__start} has {@code
 * String threadName}, {@code long javaThreadId}, {@code long nativeThreadId} and {@code boolean
 * daemon}; {@code gc__begin} has {@code boolean full}. A (pointer, length) pair of {@code
 * hotspot.d} is one {@code String}, read in the kernel from the JVM's memory up to {@link
 * #stringSize()} bytes including the NUL (longer ones arrive cut). A probe the processor knows no
 * names for has {@code arg0...}, as for {@link Usdt}.
 *
 * <h2>Which JVMs</h2>
 *
 * Every JVM whose {@code libjvm.so} has SDT notes: JDKs built with {@code --enable-dtrace}, as
 * Eclipse Temurin's and Debian's and Ubuntu's {@code openjdk} packages are; Oracle's builds are
 * not. Without {@link #binary()}, the runtime attaches to the {@code libjvm.so} of process {@link
 * #pid()} (or of {@code ProbeOptions.onlyProcess}), else to that of every JDK under {@code
 * /usr/lib/jvm} and of the JVM that runs the session. The method, allocation and monitor probes
 * fire only in a JVM started with {@code -XX:+DTraceMethodProbes}, {@code -XX:+DTraceAllocProbes}
 * or {@code -XX:+DTraceMonitorProbes}; where the target process is known and lacks the flag, the
 * start fails naming it.
 *
 * <h2>Rules, each checked at compile time</h2>
 *
 * <ul>
 *   <li>The value names a probe of the build JDK's {@code libjvm.so}, or of the checked-in
 *       snapshot where that JDK has no notes; an unknown one is an error that suggests the closest.
 *   <li>{@link #pid()} is -1 or positive; {@link #binary()} is empty or an absolute path; {@link
 *       #stringSize()} is between 1 and {@value Kprobe#MAX_STRING_SIZE}.
 *   <li>The method returns {@code void}, takes exactly one parameter, the generated record, and is
 *       neither {@code private} nor {@code static}; its class is concrete and not private.
 * </ul>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Hotspot {
  /** The probe's name: {@code "gc__begin"}, {@code "thread__start"}, {@code "class__loaded"}. */
  String value();

  /** The one JVM to trace, or -1 for every JVM. */
  int pid() default -1;

  /** A {@code libjvm.so} by absolute path; empty to find the JVMs as the class comment says. */
  String binary() default "";

  /** The bytes each string the event carries may take, its terminating NUL included. */
  int stringSize() default 256;

  /**
   * A condition the event must meet, tested in the kernel before the event is reserved, as for
   * {@link Kprobe#filter()}: {@code "full != 0"}. Empty keeps every event.
   */
  String filter() default "";

  /**
   * The call stack to capture with each event, into the session's stack map: {@code stacks =
   * Stack.USER}, the user stack of the thread that hit the probe. The event record then has {@code
   * userStack()}, resolved to symbols on first call (see {@link Stack}). Checked at compile time: a
   * probe in user space takes no {@code Stack.KERNEL} (the kernel has no stack of its own there:
   * {@code bpf_get_stackid} fails with {@code -EFAULT}), an {@code @Aggregate} probe takes none,
   * and every probe of one record takes stacks or none.
   */
  Stack[] stacks() default {};
}
