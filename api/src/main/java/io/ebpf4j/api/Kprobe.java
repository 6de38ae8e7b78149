package io.ebpf4j.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Calls the annotated method on every entry to a system call ({@code @Kprobe("bind")}) or to a
 * kernel function ({@code @Kprobe(function = "tcp_v4_connect")}), anywhere on the machine.
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
 *   <li>for a system call, the event record, named after the system call in CamelCase plus {@code
 *       Event} ({@code bind} gives {@code BindEvent}, {@code clock_gettime} gives {@code
 *       ClockGettimeEvent}). Its components are {@code long timestampNanos}, {@code int pid},
 *       {@code int tid}, {@code int uid}, {@code int gid}, {@code String comm}, then the system
 *       call's own arguments as the kernel's {@code syscalls/sys_enter_<name>/format} names them.
 *       The handler names the record before it exists; the processor generates it in the same
 *       compilation;
 *   <li>the BPF C program, as a class-path resource next to the handler class;
 *   <li>a dispatcher that decodes each event at fixed offsets and calls the method directly.
 * </ul>
 *
 * <h2>Rules, each checked at compile time</h2>
 *
 * <ul>
 *   <li>Exactly one of {@link #value()} and {@link #function()} is set.
 *   <li>The value is a system call this kernel traces: a name with a {@code
 *       syscalls/sys_enter_<name>} tracepoint. An unknown name is an error that suggests the
 *       closest known one.
 *   <li>For a system call, the method returns {@code void} and takes exactly one parameter, the
 *       generated event type of that system call.
 *   <li>For a kernel function, the method takes exactly one {@link KernelCall}{@code <A>}, where
 *       {@code A} is a record you write whose components, at most six, each {@code int}, {@code
 *       long}, {@code short}, {@code byte} or {@code boolean}, are the function's first integer or
 *       pointer arguments in order; {@code A} is not private. The function's name is a C
 *       identifier (dots allowed, as in {@code tcp_v4_connect.cold}).
 *   <li>{@link #stringSize()} is between 1 and {@value #MAX_STRING_SIZE}.
 *   <li>The method is not {@code private}, and not {@code static}; it has no other probe
 *       annotation.
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
 * <h2>Strings</h2>
 *
 * A {@code const char *} or {@code char *} argument that names a path or a name is a {@code
 * String}, read from the caller's memory when the call enters: the arguments named {@code
 * filename}, {@code pathname}, {@code oldname}, {@code newname}, {@code name}, {@code path},
 * {@code dev_name}, {@code dir_name}, {@code type}, {@code special}, {@code specialfile}, {@code
 * new_root}, {@code put_old}, {@code from_pathname}, {@code to_pathname}, {@code uname}, {@code
 * u_name}, {@code _fs_name}, {@code _key}, {@code _type}, {@code _description}, {@code
 * _callout_info} and {@code library}. Buffers ({@code write}'s {@code buf}, {@code getxattr}'s
 * list, socket options) and {@code char **} ({@code execve}'s {@code argv}, {@code envp}) stay
 * {@code long} addresses.
 * The kernel copies at most {@link #stringSize()} bytes including the terminating NUL: a longer
 * string arrives cut to {@code stringSize - 1} bytes, and one the kernel cannot read (a bad
 * address, a page not in memory) arrives empty. Bytes are decoded as UTF-8.
 *
 * <h2>Filters</h2>
 *
 * {@link #filter()} is a condition on the components of the probe's record, tested in the kernel
 * before the event takes any ring-buffer space: an event that does not match costs no transfer,
 * is not delivered and is not counted as lost. {@code @Kretprobe(value = "openat", filter = "ret
 * < 0")} sees only failed opens. It is written as in C:
 *
 * <ul>
 *   <li>the record's components by name, the context ones included ({@code pid}, {@code tid},
 *       {@code uid}, {@code gid}, {@code comm}, {@code timestampNanos});
 *   <li>integer literals, decimal or hexadecimal, negative too ({@code -2}, {@code 0x40});
 *   <li>{@code == != < <= > >=}, {@code && || !}, {@code & | ^ ~ << >>}, unary {@code -} and
 *       parentheses, with C's precedence;
 *   <li>a {@code String} component compared with {@code ==} or {@code !=} to a string literal:
 *       {@code comm == "java"}, {@code filename == "/etc/passwd"} ({@code \"} and {@code \\}
 *       escape a quote and a backslash).
 * </ul>
 *
 * Integers compare as 64-bit signed values of their C type, so an unsigned component is never
 * negative (a {@code u32} {@code uid} of 4294967295 is not {@code -1}, though Java reads it so).
 * A string compares as the event holds it, cut to its capacity. Each of these is a compile error
 * at the annotation, with the column: a syntax error; an unknown component (with a suggestion);
 * an array component; a filter that is not a condition ({@code flags & 0x40}: write {@code
 * (flags & 0x40) != 0}); {@code && || !} on an integer; {@code & | ^ << >> ~ -} or a comparison
 * on a condition; a shift by a literal outside 0 to 63; a {@code String} compared with anything
 * but a string literal, or with an operator other than {@code ==} and {@code !=}; a literal
 * longer than the component can hold. The other probe annotations take the same {@code
 * filter}.
 *
 * <h2>How it attaches</h2>
 *
 * Where the kernel has kprobes, a system call probe is a kprobe on the kernel's system call
 * function ({@code __x64_sys_bind} on x86-64), reading the arguments from the user registers the
 * syscall wrapper was given. Where it has none ({@code CONFIG_KPROBES} off), the runtime attaches
 * the same handler to the {@code syscalls:sys_enter_<name>} tracepoint, which carries the same
 * arguments, and logs which path it took. A kernel function probe has no such fallback: on a
 * kernel without kprobes, starting it fails with an error naming {@code CONFIG_KPROBES}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Kprobe {
  /** The largest {@link #stringSize()}. */
  int MAX_STRING_SIZE = 4096;

  /** The system call's name, as in {@code man 2}: {@code "bind"}, {@code "openat"}. */
  String value() default "";

  /** A kernel function that is not a system call, as in {@code /proc/kallsyms}. */
  String function() default "";

  /**
   * The bytes each string argument may take in the event, its terminating NUL included; see
   * <em>Strings</em>.
   */
  int stringSize() default 256;

  /**
   * A condition the event must meet, tested in the kernel before the event is reserved; empty
   * keeps every event. See <em>Filters</em>.
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
