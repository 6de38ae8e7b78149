package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated method on every hit of a user-level statically defined tracepoint (USDT, a
 * {@code DTRACE_PROBE} or {@code STAP_PROBE} of {@code <sys/sdt.h>}), in every process that runs
 * {@link #binary()} or in one: {@code @Usdt(binary = "/usr/lib/jvm/temurin-25-jdk-amd64/lib/server/libjvm.so",
 * provider = "hotspot", name = "gc__begin")}.
 *
 * <h2>The event record</h2>
 *
 * The processor generates the record named after provider and name in CamelCase plus {@code
 * Event} ({@code hotspot:gc__begin} gives {@code HotspotGcBeginEvent}). Its components are the
 * context ({@code long timestampNanos}, {@code int pid}, {@code int tid}, {@code int uid}, {@code
 * int gid}, {@code String comm}) and then {@code arg0}, {@code arg1}... one per argument of the
 * probe's SDT note, typed by the size and sign the note gives ({@code -4@%eax} is an {@code int},
 * {@code 8@%rdx} a {@code long}, {@code 1@%cl} a {@code byte}); unsigned ones keep their bits.
 * Pointers are addresses in the traced process. For the JVM's own probes with names and strings,
 * see {@link Hotspot}.
 *
 * <h2>Rules, each checked at compile time</h2>
 *
 * <ul>
 *   <li>{@link #binary()} is an absolute path, and {@link #provider()} and {@link #name()} are not
 *       empty; {@link #pid()} is -1 or positive.
 *   <li>Where the binary exists on the build machine, it has a note for {@code provider:name}; an
 *       unknown pair is an error that suggests the closest known one. Where it does not, the
 *       checked-in snapshot of a JDK's {@code libjvm.so} notes stands in for any {@code libjvm.so}.
 *   <li>The method returns {@code void}, takes exactly one parameter, the generated record, and is
 *       neither {@code private} nor {@code static}; its class is concrete and not private.
 * </ul>
 *
 * <p>At start the runtime reads the binary's notes again: each location of the probe gets its own
 * uprobe, whose C reads the arguments where that location's note says they are. A probe with a
 * semaphore has it counted up by the kernel in every process while the session runs ({@code
 * ref_ctr_offset} of the uprobe), and down again at close. No kprobes are needed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Usdt {
  /** The executable or library that holds the probe, as an absolute path. */
  String binary();

  /** The provider: {@code "hotspot"}. */
  String provider();

  /** The probe's name as its note spells it: {@code "gc__begin"}. */
  String name();

  /** The one process to trace, or -1 for every process. */
  int pid() default -1;

  /**
   * A condition the event must meet, tested in the kernel before the event is reserved, as for
   * {@link Kprobe#filter()}: {@code "arg0 != 0"}. Empty keeps every event.
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
