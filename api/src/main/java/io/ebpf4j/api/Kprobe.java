package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated method on every entry to a system call, anywhere on the machine.
 *
 * <pre>{@code
 * public class NetProbes {
 *   @Kprobe("bind") void onBind(BindEvent e) {
 *     System.out.println(e.comm() + " " + e.pid() + " fd=" + e.fd());
 *   }
 * }
 * }</pre>
 *
 * <p>The ebpf4j annotation processor generates, in the handler's package:
 *
 * <ul>
 *   <li>the event record, named after the system call in CamelCase plus {@code Event} ({@code
 *       bind} gives {@code BindEvent}, {@code clock_gettime} gives {@code ClockGettimeEvent}).
 *       Its components are {@code long timestampNanos}, {@code int pid}, {@code int tid}, {@code
 *       int uid}, {@code int gid}, {@code String comm}, then the system call's own arguments as
 *       the kernel's {@code syscalls/sys_enter_<name>/format} names them. The handler names the
 *       record before it exists; the processor generates it in the same compilation;
 *   <li>the BPF C program, as a class-path resource next to the handler class;
 *   <li>a dispatcher that decodes each event at fixed offsets and calls the method directly.
 * </ul>
 *
 * <h2>Rules, each checked at compile time</h2>
 *
 * <ul>
 *   <li>The value is a system call this kernel traces: a name with a {@code
 *       syscalls/sys_enter_<name>} tracepoint. An unknown name is an error that suggests the
 *       closest known one.
 *   <li>The method returns {@code void} and takes exactly one parameter, the generated event
 *       type of that system call.
 *   <li>The method is not {@code private}, and not {@code static}.
 *   <li>The enclosing class is concrete (not abstract, not an interface) and not {@code private}.
 *   <li>{@code ProbeRuntime.start(Class)} also needs a top-level or static nested class with a
 *       non-private constructor without parameters. A class without one is only warned about:
 *       start it with {@code ProbeRuntime.start(Object)}.
 * </ul>
 *
 * <h2>Argument types</h2>
 *
 * Arguments take the type the format declares, not the width of the tracepoint's 8-byte slot:
 * {@code int} is {@code int}; {@code long}, {@code size_t}, {@code loff_t}, {@code u64} and other
 * 8-byte integers are {@code long}; a pointer is a {@code long} holding the user-space address.
 * Java has no unsigned types: an unsigned C type becomes the Java type of the same width with the
 * same bits, so read an {@code unsigned int} as {@code Integer.toUnsignedLong(e.flags())}. An
 * argument named like a context component ({@code kill}'s {@code pid}) is renamed with {@code
 * Arg} appended ({@code pidArg}); one named like a Java keyword gets {@code _} appended.
 *
 * <h2>How it attaches</h2>
 *
 * Where the kernel has kprobes, the probe is a kprobe on the kernel's system call function
 * ({@code __x64_sys_bind} on x86-64), reading the arguments from the user registers the syscall
 * wrapper was given. Where it has none ({@code CONFIG_KPROBES} off), the runtime attaches the same
 * handler to the {@code syscalls:sys_enter_<name>} tracepoint, which carries the same arguments,
 * and logs which path it took.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Kprobe {
  /** The system call's name, as in {@code man 2}: {@code "bind"}, {@code "openat"}. */
  String value();
}
