package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated method on every entry to a user-space function: {@code @Uprobe(binary =
 * "c", symbol = "getpid")} traces libc's {@code getpid} in every process. The handler takes one
 * {@link UprobeEvent}, which carries the first six integer or pointer arguments from their
 * registers. No kprobes are needed.
 *
 * <h2>Rules, each checked at compile time</h2>
 *
 * <ul>
 *   <li>{@link #binary()} and {@link #symbol()} are not empty; {@link #pid()} is -1 or positive.
 *   <li>The method returns {@code void}, takes exactly one {@link UprobeEvent}, and is neither
 *       {@code private} nor {@code static}; its class is concrete and not private.
 * </ul>
 *
 * <p>Whether the binary and the symbol exist is checked when the probe is started.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Uprobe {
  /**
   * The binary or library: a path ({@code "/usr/bin/bash"}), or a library name as bcc resolves it
   * ({@code "c"} is the libc this machine's processes use).
   */
  String binary();

  /** The function's symbol: {@code "getpid"}. */
  String symbol();

  /** The one process to trace, or -1 for every process. */
  int pid() default -1;

  /**
   * A condition the event must meet, tested in the kernel before the event is reserved, as for
   * {@link Kprobe#filter()}: {@code "arg0 > 4096"}. Empty keeps every event.
   */
  String filter() default "";

  /**
   * The call stack to capture with each event, into the session's stack map: {@code stacks =
   * Stack.USER}, the traced thread's user stack, which {@link UprobeEvent#userStack()} resolves to
   * symbols on first call (see {@link Stack}). Checked at compile time: a probe in user space takes
   * no {@code Stack.KERNEL} (the kernel has no stack of its own there: {@code bpf_get_stackid}
   * fails with {@code -EFAULT}).
   */
  Stack[] stacks() default {};
}
