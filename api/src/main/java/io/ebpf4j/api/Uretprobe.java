package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated method on every return from a user-space function. The handler takes one
 * {@link UretprobeEvent}, which carries the return value. The rules are those of {@link Uprobe}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Uretprobe {
  /** As {@link Uprobe#binary()}. */
  String binary();

  /** As {@link Uprobe#symbol()}. */
  String symbol();

  /** As {@link Uprobe#pid()}. */
  int pid() default -1;

  /**
   * A condition the event must meet, tested in the kernel before the event is reserved, as for
   * {@link Kprobe#filter()}: {@code "arg0 > 4096"}. Empty keeps every event.
   */
  String filter() default "";

  /**
   * The call stack to capture with each event, into the session's stack map: {@code stacks =
   * Stack.USER}, the traced thread's user stack at the return, which {@link
   * UretprobeEvent#userStack()} resolves to symbols on first call (see {@link Stack}). Checked at
   * compile time: a probe in user space takes no {@code Stack.KERNEL} (the kernel has no stack of
   * its own there: {@code bpf_get_stackid} fails with {@code -EFAULT}).
   */
  Stack[] stacks() default {};
}
